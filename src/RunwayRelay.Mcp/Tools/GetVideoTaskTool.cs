using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Views;

namespace RunwayRelay.Mcp.Tools;

/// <summary>The <c>get_video_task</c> tool: one look at a Runway video task through the relay.</summary>
[McpServerToolType]
internal sealed partial class GetVideoTaskTool
{
    /// <summary>Tool name on the wire.</summary>
    public const string Name = "get_video_task";

    /// <summary>Reads a task once and reports it.</summary>
#pragma warning disable CA1707 // task_id is the argument's name on the wire, as agents and the OpenAPI document spell it.
    [McpServerTool(Name = Name, Title = "Get video task status", ReadOnly = true, Idempotent = true, OpenWorld = true, Destructive = false,
        UseStructuredContent = true, OutputSchemaType = typeof(VideoTaskView))]
    [McpMeta("ui", "", JsonValue = VideoTaskApp.ToolMetaJson)]
    [McpMeta(VideoTaskApp.LegacyToolMetaKey, VideoTaskApp.ViewUri)]
    [Description("Check a RunwayML video generation task started through the relay: its status (PENDING, THROTTLED, RUNNING, SUCCEEDED, FAILED, CANCELLED), progress, the video URLs once it SUCCEEDED (image or audio URLs for Runway's image and audio tasks, which the same endpoint serves), or why it FAILED. Use it when you have a task id from starting a generation and want to know how it is going. One call is one look; to wait for the end in a single call, use wait_for_video_task. Free of charge on the relay.")]
    public static async Task<CallToolResult> GetVideoTask(
        RunwayRelayClient client,
        RelayToolCall call,
        ILogger<GetVideoTaskTool> logger,
        TimeProvider time,
        [Description(ToolPreflight.TaskIdDescription)]
        [StringLength(TaskIdRules.MaxLength, MinimumLength = 1)]
        [RegularExpression(TaskIdRules.Pattern)]
        string task_id,
        CancellationToken cancellationToken)
#pragma warning restore CA1707
    {
        var started = Stopwatch.GetTimestamp();
        return await call.RunAsync(Name, task_id, logger, async callerKey =>
        {
            var view = VideoTaskPresenter.ToView(await client.GetTaskAsync(task_id, callerKey, cancellationToken).ConfigureAwait(false), time.GetUtcNow());
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogRead(logger, task_id, view.Status, elapsedMs);
            return VideoTaskPresenter.ToResult(view);
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "get_video_task {TaskId}: {Status} in {ElapsedMs:F0} ms")]
    private static partial void LogRead(ILogger logger, string taskId, string status, double elapsedMs);
}
