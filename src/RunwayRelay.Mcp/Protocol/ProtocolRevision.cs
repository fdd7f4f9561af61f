using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RunwayRelay.Mcp.Protocol;

/// <summary>Which MCP revision a request was sent under, for the behaviours that changed with 2026-07-28.</summary>
internal static class ProtocolRevision
{
    /// <summary>The stateless revision: per-request metadata, extensions such as tasks, -32602 for a missing resource.</summary>
    public const string July2026 = "2026-07-28";

    /// <summary>Whether <paramref name="request"/> was sent under 2026-07-28 or later. Such a request names its revision
    /// itself (the SDK copies it into the message's context); an older client agreed on one at initialize.</summary>
    public static bool IsJuly2026OrLater(JsonRpcMessage request, McpServer server) =>
        (request.Context?.ProtocolVersion ?? server.NegotiatedProtocolVersion) is { } revision
        // Revisions are dates, so ordinal order is time order.
        && string.CompareOrdinal(revision, July2026) >= 0;
}
