using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RunwayRelay.Mcp.Protocol;

/// <summary>
/// The protocol error for a resource URI that names nothing, in the code the request's protocol revision expects: from
/// 2026-07-28 on, -32602 Invalid Params (SEP-2164); before it, -32002, which older clients look for. Either way the
/// error's <c>data.uri</c> names the URI asked for, as SEP-2164 recommends.
/// </summary>
internal static class ResourceNotFound
{
    public static McpProtocolException Create(string message, string uri, JsonRpcMessage request, McpServer server)
    {
        var exception = new McpProtocolException(message, ProtocolRevision.IsJuly2026OrLater(request, server) ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound);
        exception.Data["uri"] = uri;
        return exception;
    }
}
