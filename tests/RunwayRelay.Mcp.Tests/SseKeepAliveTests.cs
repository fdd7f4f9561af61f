using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Waits whose answer is streamed as server-sent events, over a real listener: while the task does not change they
/// say nothing, so the server writes a comment line after 15 silent seconds, which clients skip. The relay's clock
/// is stopped (the task stays PENDING until the test moves it on) and the server's is moved by the test.
/// </summary>
public sealed class SseKeepAliveTests : IAsyncLifetime
{
    // The server's clock is moved for the wait's polls, never for a relay request's timeouts (30 s and more), which
    // would end the request before the relay on 127.0.0.1 answered.
    private static readonly TimeSpan Polls = TimeSpan.FromSeconds(8);

    private readonly ObservableFakeTime relayTime = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly ObservableFakeTime serverTime = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private SandboxRelay relay = null!;
    private Microsoft.AspNetCore.Builder.WebApplication app = null!;
    private Uri endpoint = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        relay = await SandboxRelay.StartAsync(new SandboxOptions(), relayTime, ct);
        (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Relay:BaseUrl"] = relay.BaseUrl.AbsoluteUri,
                ["Relay:ApiKey"] = SandboxOptions.PublicKey,
            },
            new() { ShareConfiguredKey = true },
            time: serverTime);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await relay.DisposeAsync();
    }

    [Fact]
    public async Task A_wait_that_has_nothing_new_to_say_sends_a_comment_line_after_15_silent_seconds_and_goes_on()
    {
        var ct = TestContext.Current.CancellationToken;
        using var call = await RawHttpCall.SendAsync(endpoint, "2025-11-25", "wait_for_video_task",
            """ "arguments": {"task_id": "demo-success", "timeout_seconds": 120}, "_meta": {"progressToken": "p"}""", ct);
        var first = await call.ReadUntilAsync("PENDING: queued", ct);
        Assert.DoesNotContain(": keep-alive", first, StringComparison.Ordinal);

        serverTime.Advance(SseKeepAlive.Interval);
        var silence = await call.ReadUntilAsync(": keep-alive\n\n", ct);

        // The wait polled meanwhile and found nothing new: the comment is all that came.
        Assert.DoesNotContain("event:", silence, StringComparison.Ordinal);
        // The task ends: the wait's next poll sees it, and the answer ends the stream as ever.
        relayTime.Advance(TimeSpan.FromMinutes(1));
        var rest = await serverTime.DriveAsync(call.ReadUntilAsync("\"status\":\"SUCCEEDED\"", ct), ct, Polls);
        Assert.Contains("\"result\"", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mcp_sdks_client_reads_a_wait_through_its_comment_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint);
        var progress = new RecordedProgress();

        // With a progress token, so that the answer begins with the first notification whatever the revision.
        var waiting = client.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-success", ["timeout_seconds"] = 120 },
            progress, cancellationToken: ct).AsTask();
        await progress.CountReachedAsync(1, ct);
        serverTime.Advance(SseKeepAlive.Interval);
        // A comment written, the keep-alive waits a whole interval again.
        while (await serverTime.NextTimerAsync(ct) != SseKeepAlive.Interval)
        {
        }
        relayTime.Advance(TimeSpan.FromMinutes(1));
        var result = await serverTime.DriveAsync(waiting, ct, Polls);

        Assert.True(result.IsError != true, result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text);
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.Equal(["PENDING: queued"], progress.Seen.Select(seen => seen.Message));
    }

    [Fact]
    public async Task An_answer_not_begun_is_not_begun_by_a_comment()
    {
        // On 2026-07-28 a wait without a progress token begins its answer only with the result: until then the SDK may
        // still choose its status, and a balancer may send the call to another instance (Deployment/README.md).
        var ct = TestContext.Current.CancellationToken;
        // The sandbox starts a task's clock when it answers the task's first read, after it has raised RequestReceived:
        // read it once here, so that moving the relay's time below cannot come before the task began.
        using (var http = new HttpClient())
        using (var read = new HttpRequestMessage(HttpMethod.Get, new Uri(relay.BaseUrl, "runwayml/v1/tasks/demo-success")))
        {
            read.Headers.Authorization = new("Bearer", "sk-sandbox-agent-7");
            using var answered = await http.SendAsync(read, ct);
            Assert.True(answered.IsSuccessStatusCode);
        }
        var polled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        relay.RequestReceived += _ => polled.TrySetResult();
        using var call = await RawHttpCall.SendAsync(endpoint, "2026-07-28", "wait_for_video_task",
            """ "arguments": {"task_id": "demo-success", "timeout_seconds": 120}""", ct);
        await polled.Task.WaitAsync(CapturedLogs.Patience, ct);

        serverTime.Advance(SseKeepAlive.Interval);
        relayTime.Advance(TimeSpan.FromMinutes(1));
        var answer = await serverTime.DriveAsync(call.ReadUntilAsync("\"status\":\"SUCCEEDED\"", ct), ct, Polls);

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(": keep-alive", answer, StringComparison.Ordinal);
    }
}
