using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>wait_for_video_task through a real MCP client against the sandbox, on a fake clock that the tests move.</summary>
public sealed class WaitForVideoTaskToolTests
{
    private static Dictionary<string, object?> Args(string taskId, int? timeout = null)
    {
        var args = new Dictionary<string, object?> { ["task_id"] = taskId };
        if (timeout is int t)
        {
            args["timeout_seconds"] = t;
        }
        return args;
    }

    private static async Task<CallToolResult> WaitAsync(McpServerHarness harness, string taskId, int? timeout, IProgress<ProgressNotificationValue>? progress)
    {
        var ct = TestContext.Current.CancellationToken;
        return await harness.Time.DriveAsync(harness.CallAsync("wait_for_video_task", Args(taskId, timeout), progress, ct), ct);
    }

    /// <summary>The message of the wait's first notification, as the server sent it. The client hands each
    /// notification over on a task of its own, so a later one may be seen first: the server is let poll again only
    /// once the first has arrived.</summary>
    private static async Task<string?> FirstNotificationAsync(McpServerHarness harness, RecordedProgress progress, CancellationToken cancellationToken)
    {
        var delay = await harness.Time.NextTimerAsync(cancellationToken);
        await progress.CountReachedAsync(1, cancellationToken);
        harness.Time.Advance(delay);
        return progress.Seen[0].Message;
    }

    private static double[] GapsSeconds(SandboxRelay sandbox, string taskId)
    {
        var times = sandbox.Requests.Where(r => r.TaskId == taskId).Select(r => r.At).ToArray();
        return times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
    }

    [Fact]
    public async Task Follows_a_task_to_success_with_progress_notifications_in_order()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var progress = new RecordedProgress();
        var ct = TestContext.Current.CancellationToken;
        var call = harness.CallAsync("wait_for_video_task", Args("demo-success", 120), progress, ct);

        // The SDK client hands each notification to the handler on its own task, so two close together may be
        // seen out of order. The server is let go on to its next poll only once the notification of the last
        // poll has been received: the order asserted below is then the order the server sent.
        for (var polls = 1; polls <= 3; polls++)
        {
            var delay = await harness.Time.NextTimerAsync(ct);
            await progress.CountReachedAsync(polls, ct);
            harness.Time.Advance(delay);
        }
        var result = await harness.Time.DriveAsync(call, ct);

        var view = result.Structured();
        Assert.Equal("SUCCEEDED", view.GetProperty("status").GetString());
        Assert.Equal(4, view.GetProperty("wait").GetProperty("requests").GetInt32());
        Assert.Equal(18, view.GetProperty("wait").GetProperty("waitedSeconds").GetDouble());
        Assert.False(view.GetProperty("wait").GetProperty("timedOut").GetBoolean());
        Assert.Equal(4, harness.Sandbox.RequestCount("demo-success"));
        await progress.CountReachedAsync(3, TestContext.Current.CancellationToken);
        Assert.Equal(
            [(0f, 100f, "PENDING: queued"), (25f, 100f, "RUNNING 25%"), (75f, 100f, "RUNNING 75%")],
            progress.Seen.Select(p => (p.Progress, p.Total, p.Message)));
        Assert.Equal([6.0, 6.0, 6.0], GapsSeconds(harness.Sandbox, "demo-success"));
    }

    [Theory]
    [InlineData("demo-failure", "FAILED", 3)]
    [InlineData("demo-cancelled", "CANCELLED", 2)]
    public async Task Ends_on_failure_and_cancellation_upstream(string taskId, string status, int requests)
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await WaitAsync(harness, taskId, 120, progress: null);

        Assert.Equal(status, result.Structured().GetProperty("status").GetString());
        Assert.Equal(requests, harness.Sandbox.RequestCount(taskId));
        // The operator's one line for the call, written before the result goes out.
        Assert.Single(harness.Logs.Lines, line => line == $"Information RunwayRelay.Mcp.Tools.WaitForVideoTaskTool: wait_for_video_task {taskId}: {status} after {requests} request(s), timed out: False");
    }

    [Fact]
    public async Task A_timeout_returns_the_last_known_state_and_says_how_to_resume()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await WaitAsync(harness, "demo-throttled", 10, progress: null);

        var view = result.Structured();
        Assert.True(view.GetProperty("wait").GetProperty("timedOut").GetBoolean());
        Assert.Equal("RUNNING", view.GetProperty("status").GetString());
        Assert.Equal(2, view.GetProperty("wait").GetProperty("requests").GetInt32());
        Assert.Contains("call wait_for_video_task again to resume", result.Text(), StringComparison.Ordinal);
        Assert.Single(harness.Logs.Lines, line => line == "Information RunwayRelay.Mcp.Tools.WaitForVideoTaskTool: wait_for_video_task demo-throttled: RUNNING after 2 request(s), timed out: True");
        // Every poll read the task: nothing about failed polls.
        Assert.False(view.GetProperty("wait").TryGetProperty("failedPolls", out _));
        Assert.DoesNotContain("got no task", result.Text(), StringComparison.Ordinal);
    }

    // JSON Schema counts a number with a zero fractional part as an integer, and hosts that keep every number as a
    // double send one so: the timeout asked for is the one waited, as with 10.
    [Theory]
    [InlineData("10.0")]
    [InlineData("1e1")]
    public async Task A_whole_number_of_seconds_written_with_a_fraction_or_exponent_is_the_timeout(string written)
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var args = new Dictionary<string, object?> { ["task_id"] = "demo-throttled", ["timeout_seconds"] = JsonElement.Parse(written) };

        var result = await harness.Time.DriveAsync(harness.CallAsync("wait_for_video_task", args, null, ct), ct);

        Assert.True(result.IsError is null or false, result.Text());
        var wait = result.Structured().GetProperty("wait");
        Assert.True(wait.GetProperty("timedOut").GetBoolean());
        Assert.Equal(2, wait.GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task A_timeout_after_polls_that_failed_says_how_old_the_task_it_returns_is()
    {
        await using var harness = await McpServerHarness.StartAsync();

        // The task at once (PENDING), then 503 at 6, 12, 24 and 48 s; the next poll, at 96 s, would pass the timeout.
        var result = await WaitAsync(harness, "demo-outage", 60, progress: null);

        var wait = result.Structured().GetProperty("wait");
        Assert.True(wait.GetProperty("timedOut").GetBoolean());
        Assert.Equal("PENDING", result.Structured().GetProperty("status").GetString());
        Assert.Equal(4, wait.GetProperty("failedPolls").GetInt32());
        Assert.Equal("the relay is failing (HTTP 503)", wait.GetProperty("pollFailure").GetString());
        Assert.Equal(48, wait.GetProperty("lastReadSecondsAgo").GetDouble());
        Assert.Contains("The last 4 poll(s) got no task (the relay is failing (HTTP 503)): the status above was read 48 s before the wait ended.", result.Text(), StringComparison.Ordinal);
        // The operator's log says so too: the failed polls themselves were retried, not logged.
        var logged = Assert.Single(harness.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.EndsWith("wait_for_video_task demo-outage: timed out after 4 failed poll(s) in a row (the relay is failing (HTTP 503)), 5 request(s) in all; answered with the task as read 48 s before", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_outage_is_asked_about_again_at_least_once_a_minute()
    {
        await using var harness = await McpServerHarness.StartAsync();

        // The task at once, then 503 on every poll: the back-off doubles from the 6-second interval up to a minute, and
        // stays there, so the end of the outage is seen within a minute.
        var result = await WaitAsync(harness, "demo-outage", 200, progress: null);

        Assert.True(result.Structured().GetProperty("wait").GetProperty("timedOut").GetBoolean());
        Assert.Equal([6.0, 6.0, 12.0, 24.0, 48.0, 60.0], GapsSeconds(harness.Sandbox, "demo-outage"));
    }

    [Fact]
    public async Task Without_a_progress_token_the_default_wait_stays_under_a_minute()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await WaitAsync(harness, "demo-new-status", timeout: null, progress: null);

        var wait = result.Structured().GetProperty("wait");
        Assert.True(wait.GetProperty("timedOut").GetBoolean());
        Assert.Equal(48, wait.GetProperty("waitedSeconds").GetDouble());
        Assert.Equal(9, wait.GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task With_a_progress_token_the_default_wait_is_ten_minutes()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await WaitAsync(harness, "demo-new-status", timeout: null, new RecordedProgress());

        Assert.Equal(600, result.Structured().GetProperty("wait").GetProperty("waitedSeconds").GetDouble());
    }

    [Theory]
    // Each waits longer than a poll's interval, and the people watching are told why and for how long.
    [InlineData("demo-rate-limited-once", "Waiting: rate limited by the relay; asking again in 20 s", new[] { 20.0, 6.0, 6.0, 6.0 })]
    [InlineData("demo-unavailable-once", "Waiting: the relay is failing (HTTP 503); asking again in 6 s", new[] { 6.0, 6.0, 6.0, 6.0 })]
    [InlineData("demo-appears-late", "Waiting: the relay does not know the task yet; asking again in 6 s", new[] { 6.0, 6.0, 6.0 })]
    public async Task A_wait_rides_out_a_relay_not_ready_to_answer_and_says_so(string taskId, string firstSeenMessage, double[] gapsSeconds)
    {
        await using var harness = await McpServerHarness.StartAsync(sandbox: new SandboxOptions { StepSeconds = 3, RetryAfterSeconds = 20 });
        var progress = new RecordedProgress();
        var ct = TestContext.Current.CancellationToken;
        var call = harness.CallAsync("wait_for_video_task", Args(taskId, 120), progress, ct);

        var firstSeen = await FirstNotificationAsync(harness, progress, ct);
        var result = await harness.Time.DriveAsync(call, ct);

        Assert.Equal(firstSeenMessage, firstSeen);
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.Equal(gapsSeconds, GapsSeconds(harness.Sandbox, taskId));
        Assert.Equal(gapsSeconds.Length + 1, result.Structured().GetProperty("wait").GetProperty("requests").GetInt32());
    }

    [Theory]
    // A relay asking for less than Runway's five seconds (or for nothing at all) gets five: sooner would only spend a
    // request on a task that cannot have changed.
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_retry_after_below_five_seconds_is_waited_as_five(int retryAfterSeconds)
    {
        await using var harness = await McpServerHarness.StartAsync(sandbox: new SandboxOptions { StepSeconds = 3, RetryAfterSeconds = retryAfterSeconds });
        var progress = new RecordedProgress();
        var ct = TestContext.Current.CancellationToken;
        var call = harness.CallAsync("wait_for_video_task", Args("demo-rate-limited-once", 120), progress, ct);

        var firstSeen = await FirstNotificationAsync(harness, progress, ct);
        var result = await harness.Time.DriveAsync(call, ct);

        Assert.Equal("Waiting: rate limited by the relay; asking again in 5 s", firstSeen);
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.Equal(5.0, GapsSeconds(harness.Sandbox, "demo-rate-limited-once")[0]);
    }

    [Fact]
    public async Task A_task_that_goes_away_mid_wait_is_reported_as_cancelled_or_deleted_not_as_a_wrong_id()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await WaitAsync(harness, "demo-deleted", 120, progress: null);

        Assert.Equal("task_not_found", result.ErrorKind());
        Assert.Contains("Task demo-deleted was RUNNING (25%) when this wait last read it", result.Text(), StringComparison.Ordinal);
        Assert.Contains("cancelled or deleted meanwhile", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("Check the id", result.Text(), StringComparison.Ordinal);
        // PENDING, RUNNING, then the 404: asked no more after it.
        Assert.Equal([6.0, 6.0], GapsSeconds(harness.Sandbox, "demo-deleted"));
    }

    [Fact]
    public async Task A_task_the_relay_never_knows_is_reported_after_two_more_looks()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await WaitAsync(harness, "fault-relay-error", 120, progress: null);

        Assert.Equal("relay_error", result.ErrorKind());
        Assert.Contains("code task_not_exist", result.Text(), StringComparison.Ordinal);
        // Asked again already: the advice is to check the id, not to ask again.
        Assert.Contains("It answered so 3 times", result.Text(), StringComparison.Ordinal);
        // A relay keeps tasks per account: another account's key is told apart from a wrong id.
        Assert.Contains("with a key of the same account", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("ask again", result.Text(), StringComparison.Ordinal);
        Assert.Equal(3, harness.Sandbox.RequestCount("fault-relay-error"));
        Assert.Equal([6.0, 6.0], GapsSeconds(harness.Sandbox, "fault-relay-error"));
    }

    [Theory]
    [InlineData("no-such-task", "task_not_found")]
    [InlineData("fault-401", "unauthorized")]
    public async Task Stops_at_once_on_errors_that_waiting_cannot_fix(string taskId, string kind)
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await WaitAsync(harness, taskId, 120, progress: null);

        Assert.Equal(kind, result.ErrorKind());
        Assert.Equal(1, harness.Sandbox.RequestCount(taskId));
    }

    [Fact]
    public async Task A_cancelled_notification_stops_polling()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        // The call is sent with an id of our choosing so the cancellation can name it, as any MCP client does.
        var call = harness.Client.SendRequestAsync(
            new JsonRpcRequest
            {
                Id = new RequestId("wait-1"),
                Method = RequestMethods.ToolsCall,
                Params = JsonSerializer.SerializeToNode(new CallToolRequestParams { Name = "wait_for_video_task", Arguments = new Dictionary<string, JsonElement> { ["task_id"] = JsonSerializer.SerializeToElement("demo-throttled") } }, McpJsonUtilities.DefaultOptions),
            },
            ct);
        await harness.Time.NextTimerAsync(ct);
        Assert.Equal(1, harness.Sandbox.RequestCount("demo-throttled"));

        await harness.Client.SendNotificationAsync(NotificationMethods.CancelledNotification, new CancelledNotificationParams { RequestId = new RequestId("wait-1"), Reason = "user stopped" }, McpJsonUtilities.DefaultOptions, ct);
        await harness.Logs.WaitForAsync(l => l.Contains("stopped: cancelled by the client", StringComparison.Ordinal), ct);
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, harness.Sandbox.RequestCount("demo-throttled"));
        // The server still serves.
        Assert.Equal("SUCCEEDED", (await harness.GetTaskAsync("demo-instant")).Structured().GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_client_going_away_stops_polling()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        _ = harness.CallAsync("wait_for_video_task", Args("demo-throttled", 300), null, ct);
        await harness.Time.NextTimerAsync(ct);

        harness.CloseClientInput();
        await harness.Logs.WaitForAsync(l => l.Contains("stopped: the client went away", StringComparison.Ordinal), ct);
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, harness.Sandbox.RequestCount("demo-throttled"));
    }

    [Theory]
    // One wait per caller, out of 256 in all; then one in all, which is checked first.
    [InlineData(256)]
    [InlineData(1)]
    public async Task Waits_past_a_cap_are_refused_and_take_no_slot_with_them(int total)
    {
        await using var harness = await McpServerHarness.StartAsync(s =>
        {
            s["Wait:MaxConcurrentWaits"] = total.ToString(CultureInfo.InvariantCulture);
            s["Wait:MaxConcurrentWaitsPerCaller"] = "1";
        });
        var ct = TestContext.Current.CancellationToken;
        var first = harness.CallAsync("wait_for_video_task", Args("demo-throttled", 300), null, ct);
        var firstDelay = await harness.Time.NextTimerAsync(ct);

        var second = await harness.CallAsync("wait_for_video_task", Args("demo-success", 300), null, ct);

        Assert.Equal("too_many_waits", second.ErrorKind());
        // The agent is told the caps as configured and what to do meanwhile.
        Assert.Equal($"[too_many_waits] Too many waits are running (at most 1 per caller, {total} in all). Let one finish, or use get_video_task for a single look.", second.Text());
        // An operator sees the cap reached, not only the agent.
        Assert.Single(harness.Logs.Lines, line => line.Contains("wait_for_video_task refused before calling the relay: too_many_waits", StringComparison.Ordinal));
        harness.Time.Advance(firstDelay);
        Assert.Equal("SUCCEEDED", (await harness.Time.DriveAsync(first, ct)).Structured().GetProperty("status").GetString());
        // The slot is given back: the next wait is accepted.
        Assert.Equal("SUCCEEDED", (await WaitAsync(harness, "demo-instant", 60, progress: null)).Structured().GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_waits_running_now_can_be_read_from_telemetry()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var active = new MetricCollector<int>(harness.Services.GetRequiredService<IMeterFactory>(), ToolResultTelemetry.MeterName, WaitSlots.ActiveInstrument);
        var wait = harness.CallAsync("wait_for_video_task", Args("demo-throttled", 300), null, ct);
        var delay = await harness.Time.NextTimerAsync(ct);

        active.RecordObservableInstruments();
        var during = active.LastMeasurement!.Value;
        harness.Time.Advance(delay);
        await harness.Time.DriveAsync(wait, ct);
        active.RecordObservableInstruments();

        Assert.Equal(1, during);
        Assert.Equal(0, active.LastMeasurement!.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    public async Task A_timeout_out_of_range_is_refused(int timeout)
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.CallAsync("wait_for_video_task", Args("demo-success", timeout));

        Assert.True(result.IsError);
        Assert.Equal("invalid_timeout", result.ErrorKind());
        Assert.Empty(harness.Sandbox.Requests);
    }
}
