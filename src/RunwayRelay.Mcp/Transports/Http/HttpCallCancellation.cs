using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// Makes <c>notifications/cancelled</c> work over stateless Streamable HTTP. There, the notification arrives in its own
/// POST, served by a server instance that never saw the call, so the SDK cannot match it. This remembers each
/// in-flight tool call by (caller, request id) and, when a cancellation for it arrives from the same caller, aborts
/// the call's own HTTP request: the tool stops (no further relay request) and nothing more is written for that id.
/// A cancellation that reaches another instance behind a load balancer finds nothing here and is ignored, as the
/// spec allows; the client closing its request stream still stops the call there.
/// </summary>
internal sealed class HttpCallCancellation(IHttpContextAccessor httpContext)
{
    private readonly ConcurrentDictionary<(string Caller, string RequestId), HttpContext> inFlight = new();

    /// <summary>A call-tool filter that keeps each call findable while it runs.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (request, cancellationToken) => request.Services!.GetRequiredService<HttpCallCancellation>().TrackAsync(request, next, cancellationToken);

    private async ValueTask<CallToolResult> TrackAsync(RequestContext<CallToolRequestParams> request, McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken cancellationToken)
    {
        if (httpContext.HttpContext is not { } context)
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        var key = (Caller(context), request.JsonRpcRequest.Id.ToString());
        if (!inFlight.TryAdd(key, context))
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<(string, string), HttpContext>(key, context));
        }
    }

    public ValueTask OnCancelled(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        // "Invalid cancellation notifications SHOULD be ignored" (the spec): params of another shape too.
        if (httpContext.HttpContext is { } context
            && notification.Params is JsonObject parameters && parameters["requestId"] is JsonValue requestId
            && requestId.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
            && inFlight.TryRemove((Caller(context), RequestIdText(requestId)), out var call))
        {
            call.Abort();
        }
        return ValueTask.CompletedTask;
    }

    // The same rendering as RequestId.ToString(): a string id as is, a number in its JSON form.
    private static string RequestIdText(JsonValue id) => id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : id.ToJsonString();

    /// <summary>Who is calling: what the caller authenticates with (hashed), and where it calls from.</summary>
    private static string Caller(HttpContext context)
    {
        var credentials = $"{context.Request.Headers.Authorization}\n{context.Request.Headers[Configuration.ServerOptions.CallerKeyHeader]}";
        return $"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credentials)), 0, 12)}@{context.Connection.RemoteIpAddress}";
    }
}
