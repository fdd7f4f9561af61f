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
    // Set on the request's context, which its response shares: every other answer passes untouched, unread.
    private const string CarriesCapabilities = "runway-relay/carries-capabilities";

    /// <summary>Marks the requests whose answers carry the capabilities (incoming).</summary>
    public static McpMessageHandler MarkRequests(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.Initialize or RequestMethods.ServerDiscover })
        {
            context.Items[CarriesCapabilities] = true;
        }
        return next(context, cancellationToken);
    };

    /// <summary>Takes <c>listChanged</c> out of their answers (outgoing).</summary>
    public static McpMessageHandler DropListChanged(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcResponse { Context.Items: { } items, Result: JsonObject result }
            && items.ContainsKey(CarriesCapabilities) && result["capabilities"] is JsonObject capabilities)
        {
            foreach (var list in (ReadOnlySpan<string>)["tools", "prompts", "resources"])
            {
                (capabilities[list] as JsonObject)?.Remove("listChanged");
            }
        }
        return next(context, cancellationToken);
    };
}
