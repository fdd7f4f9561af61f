using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Every upstream fault the sandbox can play, through both tools and both transports: in-process over pipes (what
/// stdio runs) and over Streamable HTTP on a real listener. Each must give the expected answer, leave the server
/// serving, and never show the key.
/// </summary>
public sealed class FaultMatrixTests
{
    private const string Key = "sk-sandbox-FAULT-MATRIX-SECRET-77";

    public static TheoryData<string, string> Faults() => new()
    {
        { "fault-400", "bad_request" },
        { "fault-401", "unauthorized" },
        { "fault-403", "forbidden" },
        { "no-such-task", "task_not_found" },
        { "fault-405", "relay_rejected" },
        { "fault-429", "rate_limited" },
        { "fault-429-date", "rate_limited" },
        { "fault-429-bare", "rate_limited" },
        { "fault-500", "relay_unavailable" },
        { "fault-502", "relay_unavailable" },
        { "fault-503", "relay_unavailable" },
        { "fault-504", "relay_unavailable" },
        { "fault-html", "relay_unavailable" },
        { "fault-slow", "relay_timeout" },
        { "fault-trickle", "relay_timeout" },
        { "fault-reset", "relay_unreachable" },
        { "fault-truncated", "relay_unreachable" },
        { "fault-malformed", "unexpected_response" },
        { "fault-kling", "unexpected_response" },
        { "fault-luma", "unexpected_response" },
        { "fault-wrapped", "status:SUCCEEDED" },
        // The relay's own record says it gave up on a task Runway's last answer had running: a wait ends there too.
        { "fault-relay-gave-up", "status:FAILED" },
        // The relay names the task by its own id, Runway's inside: the relay's record says which task it is.
        { "fault-relays-own-id", "status:SUCCEEDED" },
        // Only the relay's record, Runway's answer not through yet: running by the relay's word, a wait goes on.
        { "fault-relay-record-only", "status:RUNNING" },
        { "fault-relay-error", "relay_error" },
        { "fault-huge", "unexpected_response" },
        // A redirect to another host is not followed: that host's answer would be shown as the task.
        { "fault-redirect", "unexpected_response" },
        { "fault-redirect-same-host", "status:SUCCEEDED" },
        { "fault-other-id", "unexpected_response" },
        { "fault-numeric-id", "unexpected_response" },
        { "fault-odd-running", "status:RUNNING" },
        { "fault-odd-values", "status:RUNNING" },
        { "fault-odd-output", "status:SUCCEEDED" },
        { "fault-array", "unexpected_response" },
        { "fault-not-utf8", "status:FAILED" },
        { "demo-new-status", "status:ARCHIVED" },
    };

    private static Dictionary<string, object?> Args(string tool, string taskId) => tool == "wait_for_video_task"
        ? new() { ["task_id"] = taskId, ["timeout_seconds"] = 1 }
        : new() { ["task_id"] = taskId };

    private static void AssertOutcome(CallToolResult result, string expected)
    {
        if (expected.StartsWith("status:", StringComparison.Ordinal))
        {
            Assert.Equal(expected["status:".Length..], result.Structured().GetProperty("status").GetString());
        }
        else
        {
            Assert.Equal(expected, result.ErrorKind());
        }
        Assert.DoesNotContain(Key, JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Over_pipes_both_tools_answer_each_fault(string taskId, string expected)
    {
        await using var harness = await McpServerHarness.StartAsync(s =>
        {
            s["Relay:ApiKey"] = Key;
            s["Relay:Timeout"] = "00:00:01";
        });
        var ct = TestContext.Current.CancellationToken;

        // The sandbox's slow faults wait on the same fake clock: moving it would answer them at once, so those
        // calls run without moving time and meet the real 1-second request timeout instead.
        var slowFault = taskId is "fault-slow" or "fault-trickle";
        foreach (var tool in new[] { "get_video_task", "wait_for_video_task" })
        {
            var call = harness.CallAsync(tool, Args(tool, taskId), null, ct);
            var result = slowFault ? await call : await harness.Time.DriveAsync(call, ct);
            AssertOutcome(result, expected);
        }

        Assert.Equal("SUCCEEDED", (await harness.GetTaskAsync("demo-instant")).Structured().GetProperty("status").GetString());
        Assert.All(harness.Logs.Lines, line => Assert.DoesNotContain(Key, line, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Over_http_both_tools_answer_each_fault(string taskId, string expected)
    {
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions { SlowSeconds = 30 }, cancellationToken: TestContext.Current.CancellationToken);
        var logs = new CapturedLogs();
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
                ["Relay:MaxRetries"] = "0",
                ["Relay:Timeout"] = "00:00:01",
            },
            logs: logs);
        await using var _ = app;
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new Dictionary<string, string> { ["X-Relay-Key"] = Key });

        foreach (var tool in new[] { "get_video_task", "wait_for_video_task" })
        {
            var result = await client.CallToolAsync(tool, Args(tool, taskId), cancellationToken: TestContext.Current.CancellationToken);
            AssertOutcome(result, expected);
        }

        var after = await client.CallToolAsync("get_video_task", Args("get_video_task", "demo-instant"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("SUCCEEDED", after.Structured().GetProperty("status").GetString());
        Assert.All(logs.Lines, line => Assert.DoesNotContain(Key, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relay_that_refuses_connections_is_unreachable_through_both_tools_and_both_transports()
    {
        var closed = UnusedLoopbackPort.Next();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:BaseUrl"] = $"http://127.0.0.1:{closed}");
        foreach (var tool in new[] { "get_video_task", "wait_for_video_task" })
        {
            AssertOutcome(await harness.Time.DriveAsync(harness.CallAsync(tool, Args(tool, "demo-instant"), null, ct), ct), "relay_unreachable");
        }

        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?> { ["Relay:BaseUrl"] = $"http://127.0.0.1:{closed}", ["Relay:MaxRetries"] = "0" });
        await using var _ = app;
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new Dictionary<string, string> { ["X-Relay-Key"] = Key });
        foreach (var tool in new[] { "get_video_task", "wait_for_video_task" })
        {
            AssertOutcome(await client.CallToolAsync(tool, Args(tool, "demo-instant"), cancellationToken: ct), "relay_unreachable");
        }
    }
}
