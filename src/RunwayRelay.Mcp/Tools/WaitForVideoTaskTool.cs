using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Views;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Transports.Stdio;

namespace RunwayRelay.Mcp.Tools;

/// <summary>The <c>wait_for_video_task</c> tool: follows a task to its end in one call, with live progress.</summary>
[McpServerToolType]
internal sealed partial class WaitForVideoTaskTool
{
    /// <summary>Tool name on the wire.</summary>
    public const string Name = "wait_for_video_task";

    /// <summary>Waits for the task to finish, or for the timeout.</summary>
#pragma warning disable CA1707 // task_id and timeout_seconds are the arguments' names on the wire.
    [McpServerTool(Name = Name, Title = "Wait for a video task to finish", ReadOnly = true, Idempotent = true, OpenWorld = true, Destructive = false,
        UseStructuredContent = true, OutputSchemaType = typeof(VideoTaskView))]
    [McpMeta("ui", "", JsonValue = VideoTaskApp.ToolMetaJson)]
    [McpMeta(VideoTaskApp.LegacyToolMetaKey, VideoTaskApp.ViewUri)]
    [Description("Wait until a RunwayML video generation task started through the relay finishes (SUCCEEDED, FAILED or CANCELLED), polling politely (about every 6 s, never faster than 5 s), then return the same result as get_video_task plus how long it waited. Use it instead of calling get_video_task in a loop. Sends progress notifications if you pass a progress token. If the timeout passes first, it says the task is still running; call it again to resume.")]
    public static async Task<CallToolResult> WaitForVideoTask(
        RunwayRelayClient client,
        RelayToolCall call,
        RelayKeyChoice keys,
        WaitSlots slots,
        IOptions<WaitOptions> settings,
        TimeProvider time,
        ClientConnection connection,
        IHostApplicationLifetime lifetime,
        ILogger<WaitForVideoTaskTool> logger,
        RequestContext<CallToolRequestParams> request,
        IProgress<ProgressNotificationValue> progress,
        [Description(ToolPreflight.TaskIdDescription)]
        [StringLength(TaskIdRules.MaxLength, MinimumLength = 1)]
        [RegularExpression(TaskIdRules.Pattern)]
        string task_id,
        // Some hosts pass a progress token yet still end the call at 60 s (anthropics/claude-code #58687): the model is
        // told how to get an answer from them.
        [Description("How long to wait at most, 1 to 600 seconds. Default: 600 when the call carries a progress token (progress keeps the request alive), otherwise 50, below the common 60-second client request timeout. If a call of this tool ends in a request timeout of your client, call again with timeout_seconds 50.")]
        [Range(WaitOptions.MinTimeoutSeconds, WaitOptions.MaxTimeoutSeconds)]
        int? timeout_seconds = null,
        CancellationToken cancellationToken = default)
#pragma warning restore CA1707
    {
        if (timeout_seconds is { } seconds && !WaitOptions.IsTimeoutInRange(seconds))
        {
            return RelayToolCall.Refuse(logger, Name, new ToolError("invalid_timeout", $"timeout_seconds must be between {WaitOptions.MinTimeoutSeconds} and {WaitOptions.MaxTimeoutSeconds}; it was {timeout_seconds}."));
        }
        // Stop on the call's cancellation, the client going away, or the server shutting down.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Gone, lifetime.ApplicationStopping);
        return await call.RunAsync(Name, task_id, logger, async callerKey =>
        {
            using var slot = slots.TryTake(keys.CallerId());
            if (slot is null)
            {
                return RelayToolCall.Refuse(logger, Name, new ToolError("too_many_waits", $"Too many waits are running (at most {settings.Value.MaxConcurrentWaitsPerCaller} per caller, {settings.Value.MaxConcurrentWaits} in all). Let one finish, or use get_video_task for a single look."));
            }
            var askedForProgress = request.Params?.ProgressToken is not null;
            var timeout = TimeSpan.FromSeconds(timeout_seconds ?? (askedForProgress ? settings.Value.DefaultTimeoutSeconds : settings.Value.DefaultTimeoutWithoutProgressSeconds));
            try
            {
                var result = await client.WaitForCompletionAsync(task_id, settings.Value.ToWaitOptions(timeout, callerKey, time), new WaitProgressReporter(progress), stop.Token).ConfigureAwait(false);
                double? lastReadSecondsAgo = result.Stall is { } stall ? Math.Round(stall.SinceLastRead.TotalSeconds, 1) : null;
                var view = VideoTaskPresenter.ToView(result.Task, time.GetUtcNow(), new WaitSummary
                {
                    WaitedSeconds = Math.Round(result.Waited.TotalSeconds, 1),
                    Requests = result.Requests,
                    TimedOut = result.TimedOut,
                    FailedPolls = result.Stall?.FailedPolls,
                    PollFailure = result.Stall?.Reason,
                    LastReadSecondsAgo = lastReadSecondsAgo,
                });
                if (result.Stall is { } stalled)
                {
                    // The relay's trouble would otherwise leave no line: the polls that failed were retried, not reported.
                    LogWaitedStalled(logger, task_id, stalled.FailedPolls, stalled.Reason, result.Requests, lastReadSecondsAgo!.Value);
                }
                else
                {
                    LogWaited(logger, task_id, view.Status, result.Requests, result.TimedOut);
                }
                return VideoTaskPresenter.ToResult(view);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Shutdown and a vanished client also end the SDK's own token, so they are checked first.
                LogCancelled(logger, task_id, lifetime.ApplicationStopping.IsCancellationRequested ? "the server is stopping" : connection.Gone.IsCancellationRequested ? "the client went away" : "cancelled by the client");
                if (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The call can still be answered (over HTTP the request lives on while the server drains): tell the
                    // caller to come back; behind a load balancer another instance takes the new call.
                    return new ToolError("server_stopping", "This server is stopping, so the wait ended before the task did; the task itself goes on at the relay. Call wait_for_video_task again with the same task_id to resume.").ToResult();
                }
                throw;
            }
        }, stop.Token).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "wait_for_video_task {TaskId}: {Status} after {Requests} request(s), timed out: {TimedOut}")]
    private static partial void LogWaited(ILogger logger, string taskId, string status, int requests, bool timedOut);

    [LoggerMessage(Level = LogLevel.Warning, Message = "wait_for_video_task {TaskId}: timed out after {FailedPolls} failed poll(s) in a row ({PollFailure}), {Requests} request(s) in all; answered with the task as read {LastReadSecondsAgo} s before")]
    private static partial void LogWaitedStalled(ILogger logger, string taskId, int failedPolls, string pollFailure, int requests, double lastReadSecondsAgo);

    [LoggerMessage(Level = LogLevel.Information, Message = "wait_for_video_task {TaskId} stopped: {Why}")]
    private static partial void LogCancelled(ILogger logger, string taskId, string why);

}
