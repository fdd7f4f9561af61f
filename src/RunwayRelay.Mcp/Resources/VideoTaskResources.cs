using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Protocol;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Mcp.Views;

namespace RunwayRelay.Mcp.Resources;

/// <summary>The server's resources: the MCP Apps view of a task, and a task itself for hosts that attach resources
/// rather than call tools.</summary>
[McpServerResourceType]
internal sealed class VideoTaskResources
{
    /// <summary>The task resource template.</summary>
    public const string TaskUriTemplate = "runway://tasks/{task_id}";

    /// <summary>The HTML view, with the policy hosts apply to it.</summary>
    [McpServerResource(UriTemplate = VideoTaskApp.ViewUri, Name = "video_task_view", Title = "Video task view", MimeType = VideoTaskApp.MimeType)]
    [Description("Shows a video task: status, progress, the videos once ready, why it failed. Rendered by hosts that support MCP Apps beside get_video_task and wait_for_video_task results.")]
    public static ResourceContents ReadView(IOptions<ViewOptions> view) => new TextResourceContents
    {
        Uri = VideoTaskApp.ViewUri,
        MimeType = VideoTaskApp.MimeType,
        Text = VideoTaskApp.Html,
        Meta = new JsonObject
        {
            ["ui"] = new JsonObject
            {
                // The view fetches nothing itself; only the videos come from elsewhere (media-src).
                ["csp"] = new JsonObject { ["resourceDomains"] = new JsonArray([.. view.Value.MediaOrigins.Select(o => (JsonNode)o)]) },
                ["prefersBorder"] = true,
            },
        },
    };

    /// <summary>One look at a task, as <c>get_video_task</c>'s structured result, with the same checks and errors.</summary>
#pragma warning disable CA1707 // task_id is the template's variable, as the tools spell it.
    [McpServerResource(UriTemplate = TaskUriTemplate, Name = "video_task", Title = "Video task", MimeType = "application/json")]
    [Description("A RunwayML video task read through the relay, as JSON: the same fields as get_video_task's structured result.")]
    public static async Task<ResourceContents> ReadTask(RunwayRelayClient client, RelayToolCall call, ILogger<VideoTaskResources> logger, RequestContext<ReadResourceRequestParams> request, string task_id, CancellationToken cancellationToken)
#pragma warning restore CA1707
    {
        var (view, error) = await call.ReadAsync("resources/read", task_id, logger, async callerKey =>
            VideoTaskPresenter.ToView(await client.GetTaskAsync(task_id, callerKey, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            // The tools' named error, as a protocol error: "[task_not_found] ...".
            throw error.Kind == "task_not_found" ? ResourceNotFound.Create(error.Text, request.Params!.Uri, request.JsonRpcRequest, request.Server)
                : new McpProtocolException(error.Text, error.Kind.StartsWith("invalid_", StringComparison.Ordinal) ? McpErrorCode.InvalidParams : McpErrorCode.InternalError);
        }
        return new TextResourceContents
        {
            Uri = $"runway://tasks/{Uri.EscapeDataString(task_id)}",
            MimeType = "application/json",
            Text = JsonSerializer.Serialize(view, ToolJsonContext.Default.VideoTaskView),
        };
    }
}
