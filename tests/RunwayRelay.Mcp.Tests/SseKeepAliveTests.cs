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
    private FakeClockHttpServer server = null!;

    public async ValueTask InitializeAsync() =>
        server = await FakeClockHttpServer.StartAsync(new() { ["Relay:ApiKey"] = SandboxOptions.PublicKey }, new() { ShareConfiguredKey = true });

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task A_wait_that_has_nothing_new_to_say_sends_a_comment_line_after_15_silent_seconds_and_goes_on()
    {
        var ct = TestContext.Current.CancellationToken;
        using var call = await RawHttpCall.SendAsync(server.Endpoint, "2025-11-25", "wait_for_video_task",
            """ "arguments": {"task_id": "demo-success", "timeout_seconds": 120}, "_meta": {"progressToken": "p"}""", ct);
        var first = await call.ReadUntilAsync("PENDING: queued", ct);
        Assert.DoesNotContain(": keep-alive", first, StringComparison.Ordinal);

        server.ServerTime.Advance(SseKeepAlive.Interval);
        var silence = await call.ReadUntilAsync(": keep-alive\n\n", ct);

        // The wait polled meanwhile and found nothing new: the comment is all that came.
        Assert.DoesNotContain("event:", silence, StringComparison.Ordinal);
        // The task ends: the wait's next poll sees it, and the answer ends the stream as ever.
        server.RelayTime.Advance(TimeSpan.FromMinutes(1));
        var rest = await server.ServerTime.DriveAsync(call.ReadUntilAsync("\"status\":\"SUCCEEDED\"", ct), ct, FakeClockHttpServer.Polls);
        Assert.Contains("\"result\"", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mcp_sdks_client_reads_a_wait_through_its_comment_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await McpHttpServerUnderTest.ConnectAsync(server.Endpoint);
        var progress = new RecordedProgress();

        // With a progress token, so that the answer begins with the first notification whatever the revision.
        var waiting = client.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-success", ["timeout_seconds"] = 120 },
            progress, cancellationToken: ct).AsTask();
        await progress.CountReachedAsync(1, ct);
        server.ServerTime.Advance(SseKeepAlive.Interval);
        // A comment written, the keep-alive waits a whole interval again.
        while (await server.ServerTime.NextTimerAsync(ct) != SseKeepAlive.Interval)
        {
        }
        server.RelayTime.Advance(TimeSpan.FromMinutes(1));
        var result = await server.ServerTime.DriveAsync(waiting, ct, FakeClockHttpServer.Polls);

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
        using (var read = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Relay.BaseUrl, "runwayml/v1/tasks/demo-success")))
        {
            read.Headers.Authorization = new("Bearer", "sk-sandbox-agent-7");
            using var answered = await http.SendAsync(read, ct);
            Assert.True(answered.IsSuccessStatusCode);
        }
        var polled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Relay.RequestReceived += _ => polled.TrySetResult();
        using var call = await RawHttpCall.SendAsync(server.Endpoint, "2026-07-28", "wait_for_video_task",
            """ "arguments": {"task_id": "demo-success", "timeout_seconds": 120}""", ct);
        await polled.Task.WaitAsync(CapturedLogs.Patience, ct);

        server.ServerTime.Advance(SseKeepAlive.Interval);
        server.RelayTime.Advance(TimeSpan.FromMinutes(1));
        var answer = await server.ServerTime.DriveAsync(call.ReadUntilAsync("\"status\":\"SUCCEEDED\"", ct), ct, FakeClockHttpServer.Polls);

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(": keep-alive", answer, StringComparison.Ordinal);
    }
}
