using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// A body over <c>Server:MaxRequestBodyBytes</c> (413), params the SDK cannot read (400) and a client that goes away
/// mid-call are ordinary events for a server on a network: each is one log line, never the framework's
/// unhandled-exception stack trace.
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
        catch (JsonException misfit) when (!context.Response.HasStarted)
        {
            // The SDK's HTTP transport reads initialize's params itself, before any message filter, and lets one it cannot
            // read escape as a 500 with an empty body (csharp-sdk #788). Named by where it is (the JSON path, never the
            // value), as -32602 like every other params problem.
            var where = "params" + misfit.Path?.TrimStart('$');
            RefusedCallLog.Refused(logger, context, StatusCodes.Status400BadRequest, $"{where} not of the form the MCP specification gives it");
            await RefusedCallAnswer.WriteAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidParams,
                $"Invalid params: {where} lacks a required field or holds a value of the wrong type. See the MCP specification for this request's params (initialize: protocolVersion, capabilities, and clientInfo with name and version).").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            ClientWentAway(logger, context.Request.Method, context.Request.Path.Value ?? "/");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: the client went away before the answer")]
    private static partial void ClientWentAway(ILogger logger, string method, string path);
}
