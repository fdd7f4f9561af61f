using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// A body over <c>Server:MaxRequestBodyBytes</c> (413) and a client that goes away mid-call are ordinary events for a
/// server on a network: each is one log line, never the framework's unhandled-exception stack trace.
/// </summary>
internal sealed partial class RequestFailureGuard(RequestDelegate next, ILogger<RequestFailureGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
        {
            RefusedCallLog.Refused(logger, context, refused.StatusCode, refused.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request body too large (Server:MaxRequestBodyBytes)" : "malformed request");
            context.Response.StatusCode = refused.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            ClientWentAway(logger, context.Request.Method, context.Request.Path.Value ?? "/");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: the client went away before the answer")]
    private static partial void ClientWentAway(ILogger logger, string method, string path);
}
