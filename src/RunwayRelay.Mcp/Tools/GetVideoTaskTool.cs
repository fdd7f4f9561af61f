using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;

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
    [Description("""
        Check a RunwayML video generation task started through the relay: its status (PENDING, THROTTLED, RUNNING,
        SUCCEEDED, FAILED, CANCELLED), progress, the video URLs once it SUCCEEDED, or why it FAILED. Use it when you
        have a task id from starting a generation and want to know how it is going. One call is one look; to wait
        for the end in a single call, use wait_for_video_task. Free of charge on the relay.
        """)]
    public static async Task<CallToolResult> GetVideoTask(
        RunwayRelayClient client,
        RelayKeyChoice keys,
        RelayFailureTranslator failures,
        IOptions<RelayOptions> relay,
        ILogger<GetVideoTaskTool> logger,
        [Description(ToolPreflight.TaskIdDescription)]
        [StringLength(TaskIdRules.MaxLength, MinimumLength = 1)]
        [RegularExpression(TaskIdRules.Pattern)]
        string task_id,
        CancellationToken cancellationToken)
#pragma warning restore CA1707
    {
        var (callerKey, refused) = ToolPreflight.Check(task_id, keys);
        if (refused is not null)
        {
            LogRefused(logger, refused.Kind);
            return refused.ToResult();
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var task = await client.GetTaskAsync(task_id, callerKey, cancellationToken).ConfigureAwait(false);
            var view = VideoTaskPresenter.ToView(task);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogRead(logger, task_id, view.Status, elapsedMs);
            return VideoTaskPresenter.ToResult(view);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = failures.Translate(exception, task_id, relay.Value.Timeout, [callerKey, relay.Value.ApiKey]);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, task_id, error.Kind, elapsedMs);
            return error.ToResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "get_video_task {TaskId}: {Status} in {ElapsedMs:F0} ms")]
    private static partial void LogRead(ILogger logger, string taskId, string status, double elapsedMs);

    // The id is left out: a refused one may hold anything, line breaks included.
    [LoggerMessage(Level = LogLevel.Warning, Message = "get_video_task refused before calling the relay: {Kind}")]
    private static partial void LogRefused(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "get_video_task {TaskId} failed: {Kind} after {ElapsedMs:F0} ms")]
    private static partial void LogFailed(ILogger logger, string taskId, string kind, double elapsedMs);
}
