using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
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
    /// <summary>What every task's URI starts with.</summary>
    private const string TaskUriPrefix = "runway://tasks/";

    /// <summary>The task resource template.</summary>
    public const string TaskUriTemplate = TaskUriPrefix + "{task_id}";

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
                // The view fetches nothing itself; only the output files come from elsewhere (media and images).
                ["csp"] = new JsonObject { ["resourceDomains"] = new JsonArray([.. view.Value.DeclaredOrigins().Select(o => (JsonNode)o)]) },
                ["prefersBorder"] = true,
            },
        },
    };

    /// <summary>One look at a task, as <c>get_video_task</c>'s structured result, with the same checks and errors. The
    /// relay is read by <see cref="ReadFilter"/>, which leaves the task here.</summary>
#pragma warning disable CA1707 // task_id is the template's variable, as the tools spell it.
    [McpServerResource(UriTemplate = TaskUriTemplate, Name = "video_task", Title = "Video task", MimeType = "application/json")]
    [Description("A RunwayML video task read through the relay, as JSON: the same fields as get_video_task's structured result.")]
    public static ResourceContents ReadTask(RequestContext<ReadResourceRequestParams> request, string task_id)
#pragma warning restore CA1707
    {
        var view = request.Items.TryGetValue(ReadTaskKey, out var read) && read is VideoTaskView task
            ? task
            : throw new InvalidOperationException($"{nameof(ReadFilter)} reads the task before this handler; it is not among the server's message filters.");
        return new TextResourceContents
        {
            Uri = $"{TaskUriPrefix}{Uri.EscapeDataString(task_id)}",
            MimeType = "application/json",
            Text = JsonSerializer.Serialize(view, ToolJsonContext.Default.VideoTaskView),
        };
    }

    /// <summary>
    /// Reads a task resource before the SDK's resource handler runs. The SDK logs every failure of a resource handler
    /// as an error with two stack traces, but a task that is not there or a relay that is busy is an answer, not a fault
    /// of this server. Here a failure is the tools' named error as a protocol error, after the tools' one log line; a
    /// task read is handed to <see cref="ReadTask"/> in the message's items, the SDK's way from filters to handlers.
    /// </summary>
    public static McpMessageHandler ReadFilter(McpMessageHandler next) => (context, cancellationToken) =>
        // Every other message passes straight on, without an await of its own.
        context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ResourcesRead } request && TaskUri(request, context.Server.ServerOptions) is { } uri
            ? ReadThenContinueAsync(context, request, uri, next, cancellationToken)
            : next(context, cancellationToken);

    private static async Task ReadThenContinueAsync(MessageContext context, JsonRpcRequest request, string uri, McpMessageHandler next, CancellationToken cancellationToken)
    {
        var services = context.Services ?? context.Server.Services!;
        var client = services.GetRequiredService<RunwayRelayClient>();
        var taskId = Uri.UnescapeDataString(uri[TaskUriPrefix.Length..]);
        var (view, error) = await services.GetRequiredService<RelayToolCall>().ReadAsync(
            "resources/read", taskId, services.GetRequiredService<ILogger<VideoTaskResources>>(),
            async callerKey => VideoTaskPresenter.ToView(await client.GetTaskAsync(taskId, callerKey, cancellationToken).ConfigureAwait(false), services.GetRequiredService<TimeProvider>().GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            // The tools' named error, as a protocol error: "[task_not_found] ...".
            throw error.Kind == "task_not_found" ? ResourceNotFound.Create(error.Text, uri, request, context.Server)
                : new McpProtocolException(error.Text, error.Kind.StartsWith("invalid_", StringComparison.Ordinal) ? McpErrorCode.InvalidParams : McpErrorCode.InternalError);
        }
        context.Items[ReadTaskKey] = view;
        await next(context, cancellationToken).ConfigureAwait(false);
    }

    private const string ReadTaskKey = "runway-relay/task-read";

    // The URI when it names a task as the SDK matches it to the template (RequestParamsCheck has refused other shapes).
    private static string? TaskUri(JsonRpcRequest request, McpServerOptions options) =>
        request.Params?["uri"] is JsonValue value && value.TryGetValue<string>(out var uri) && uri.StartsWith(TaskUriPrefix, StringComparison.Ordinal)
            && options.ResourceCollection?.TryGetPrimitive(TaskUriTemplate, out var template) == true && template.IsMatch(uri)
            ? uri
            : null;
}
