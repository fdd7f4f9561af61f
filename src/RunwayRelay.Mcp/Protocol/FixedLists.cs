using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RunwayRelay.Mcp.Protocol;

/// <summary>
/// This server's tools, prompts and resources are fixed while it runs, so it promises no <c>*/list_changed</c>
/// notifications. The SDK advertises <c>listChanged</c> whenever it holds a collection of them (and keeps its
/// capabilities to itself); a 2026-07-28 client that believes it keeps a <c>subscriptions/listen</c> request open for
/// the whole session (the MCP TypeScript SDK's client does), and the SDK logs the end of that request as a failed
/// handler, with a stack trace, when the session closes. So the flags are taken out of the two answers that carry the
/// capabilities, <c>initialize</c>'s and <c>server/discover</c>'s, on their way out.
/// </summary>
internal static class FixedLists
{
    public static McpMessageHandler Filter(McpMessageHandler next) => (context, cancellationToken) =>
    {
        // Only these two results have capabilities at their top: initialize's beside protocolVersion, discover's
        // beside supportedVersions.
        if (context.JsonRpcMessage is JsonRpcResponse { Result: JsonObject result }
            && (result.ContainsKey("protocolVersion") || result.ContainsKey("supportedVersions"))
            && result["capabilities"] is JsonObject capabilities)
        {
            foreach (var list in (ReadOnlySpan<string>)["tools", "prompts", "resources"])
            {
                (capabilities[list] as JsonObject)?.Remove("listChanged");
            }
        }
        return next(context, cancellationToken);
    };
}
