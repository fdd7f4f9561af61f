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
    /// <summary>The first revision that reports a missing resource as -32602.</summary>
    public const string InvalidParamsSince = "2026-07-28";

    public static McpProtocolException Create(string message, string uri, JsonRpcMessage request, McpServer server)
    {
        var exception = new McpProtocolException(message, UsesInvalidParams(request, server) ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound);
        exception.Data["uri"] = uri;
        return exception;
    }

    // A 2026-07-28 request names its revision itself (the SDK copies it into the message's context); an older client
    // agreed on one for the session at initialize.
    private static bool UsesInvalidParams(JsonRpcMessage request, McpServer server) =>
        (request.Context?.ProtocolVersion ?? server.NegotiatedProtocolVersion) is { } revision
        && string.CompareOrdinal(revision, InvalidParamsSince) >= 0;
}
