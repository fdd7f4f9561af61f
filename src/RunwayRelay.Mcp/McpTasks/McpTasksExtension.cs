using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Mcp.Protocol;

namespace RunwayRelay.Mcp.McpTasks;

/// <summary>
/// The MCP tasks extension (SEP-2663, <c>io.modelcontextprotocol/tasks</c>) for <c>wait_for_video_task</c>: a client
/// that declares it on a 2026-07-28 request gets, for a task still running, a task handle at once instead of a call
/// held open for minutes, and polls <c>tasks/get</c> until the result is there. The SDK's own implementation
/// (ModelContextProtocol.Extensions.Tasks) runs the tool in the background and keeps tasks in a store; a Runway task
/// already is a durable, pollable job at the relay, so here a poll is one relay read and the server keeps nothing.
/// </summary>
internal static class McpTasksExtension
{
    public const string ExtensionId = "io.modelcontextprotocol/tasks";

    public const string GetMethod = "tasks/get";
    public const string CancelMethod = "tasks/cancel";
    public const string UpdateMethod = "tasks/update";

    /// <summary>Declares the extension and registers its methods and the tool filter that hands out tasks.</summary>
    public static void AddTo(McpServerOptions options)
    {
        var capabilities = options.Capabilities ??= new ServerCapabilities();
        (capabilities.Extensions ??= new Dictionary<string, object>())[ExtensionId] = new JsonObject();
#pragma warning disable MCPEXP002 // alternate results and custom request handlers: how the SDK lets an extension answer with a task and add methods
        options.Filters.Request.CallToolWithAlternateFilters.Add(VideoTaskFollowing.StartFilter);
        options.RequestHandlers ??= [];
        options.RequestHandlers.Add(new McpServerRequestHandler { Method = GetMethod, RoutingNameParameter = "taskId", Handler = VideoTaskFollowing.GetAsync });
        options.RequestHandlers.Add(new McpServerRequestHandler { Method = CancelMethod, RoutingNameParameter = "taskId", Handler = VideoTaskFollowing.CancelAsync });
        options.RequestHandlers.Add(new McpServerRequestHandler { Method = UpdateMethod, RoutingNameParameter = "taskId", Handler = VideoTaskFollowing.UpdateAsync });
#pragma warning restore MCPEXP002
    }

    /// <summary>Whether the client declared the extension on this very request (the spec asks for it per request, and
    /// only 2026-07-28 requests carry capabilities).</summary>
    public static bool DeclaredBy(JsonRpcRequest request, McpServer server) =>
        ProtocolRevision.IsJuly2026OrLater(request, server)
        && request.Context?.ClientCapabilities?.Extensions?.ContainsKey(ExtensionId) == true;
}
