using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The MCP tasks extension (SEP-2663) through a real MCP client on the 2026-07-28 revision: a client that declares it
/// gets a task handle for a generation still running and polls <c>tasks/get</c> to the tool's result, one relay read a
/// poll; a client that does not declare it never gets one. The fake clock moves the sandbox's tasks along.
/// </summary>
public sealed class McpTasksTests
{
    private const string ExtensionId = "io.modelcontextprotocol/tasks";

    private static ClientCapabilities TakesTasks() => new() { Extensions = new Dictionary<string, object> { [ExtensionId] = new JsonObject() } };

    [Fact]
    public async Task The_server_declares_the_extension()
    {
        await using var harness = await McpServerHarness.StartAsync(capabilities: TakesTasks());

        Assert.Equal("2026-07-28", harness.Client.NegotiatedProtocolVersion);
        Assert.True(harness.Client.ServerCapabilities.Extensions?.ContainsKey(ExtensionId), "server/discover lacks the tasks extension");
    }

    [Fact]
    public async Task A_running_task_is_a_handle_that_polls_to_the_tools_result_one_relay_read_a_poll()
    {
        await using var harness = await McpServerHarness.StartAsync(capabilities: TakesTasks());

        var created = await CallWaitAsync(harness.Client, "demo-success-tasks");

        Assert.Equal("task", created["resultType"]?.GetValue<string>());
        Assert.Equal("video-task:demo-success-tasks", created["taskId"]?.GetValue<string>());
        Assert.Equal("working", created["status"]?.GetValue<string>());
        Assert.Equal("PENDING: queued", created["statusMessage"]?.GetValue<string>());
        Assert.Equal(6000, created["pollIntervalMs"]?.GetValue<long>());
        Assert.True(created.TryGetPropertyValue("ttlMs", out var ttl) && ttl is null, "ttlMs must be present and null (unlimited)");
        Assert.Equal(DateTimeOffset.Parse(created["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), harness.Time.GetUtcNow());
        Assert.Single(harness.Sandbox.Requests);

        var messages = new List<string>();
        JsonObject polled;
        var polls = 0;
        do
        {
            Assert.True(++polls <= 20, "the task did not complete within 20 polls of 6 s");
            harness.Time.Advance(TimeSpan.FromSeconds(6));
            polled = await SendAsync(harness.Client, "tasks/get", new JsonObject { ["taskId"] = "video-task:demo-success-tasks" });
            Assert.Equal("complete", polled["resultType"]?.GetValue<string>());
            Assert.Equal(created["createdAt"]?.GetValue<string>(), polled["createdAt"]?.GetValue<string>());
            messages.Add(polled["statusMessage"]!.GetValue<string>());
        }
        while (polled["status"]?.GetValue<string>() == "working");

        Assert.Equal("completed", polled["status"]?.GetValue<string>());
        Assert.Contains(messages, message => message.StartsWith("RUNNING ", StringComparison.Ordinal) && message.EndsWith('%'));
        Assert.Equal("SUCCEEDED", messages[^1]);
        // Nothing polls the relay between the client's polls: the handle holds no wait.
        Assert.Equal(1 + polls, harness.Sandbox.Requests.Count);
        // A 2026-07-28 result names its type, inlined in a task too (ext-tasks' requester refuses it otherwise).
        Assert.Equal("complete", polled["result"]?["resultType"]?.GetValue<string>());
        var result = polled["result"]!.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!;
        var tool = await harness.GetTaskAsync("demo-success-tasks");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(tool.Structured().GetRawText(), result.Structured().GetRawText());
        Assert.Equal(tool.Text(), result.Text());
        Assert.Contains(harness.Logs.Lines, line => line.Contains("wait_for_video_task demo-success-tasks: PENDING, answered with MCP task video-task:demo-success-tasks", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("demo-instant")]
    [InlineData("no-such-task")]
    public async Task A_task_already_ended_or_unreadable_is_the_tools_own_result_not_a_handle(string taskId)
    {
        await using var harness = await McpServerHarness.StartAsync(capabilities: TakesTasks());

        var answer = await harness.Time.DriveAsync(CallWaitAsync(harness.Client, taskId), TestContext.Current.CancellationToken);

        Assert.False(answer.ContainsKey("taskId"), answer.ToJsonString());
        Assert.NotEqual("task", answer["resultType"]?.GetValue<string>());
        var result = answer.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!;
        var tool = await harness.Time.DriveAsync(harness.CallAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = taskId }), TestContext.Current.CancellationToken);
        Assert.Equal(tool.IsError, result.IsError);
        Assert.Equal(tool.Text(), result.Text());
    }

    [Theory]
    [InlineData("0", "invalid_timeout")]
    [InlineData("\"soon\"", "invalid_timeout")]
    [InlineData("120.5", "invalid_timeout")]
    [InlineData("120", null)]
    [InlineData("120.0", null)]
    public async Task A_timeout_the_tool_would_refuse_is_refused_not_handed_out_as_a_task(string timeout, string? kind)
    {
        await using var harness = await McpServerHarness.StartAsync(capabilities: TakesTasks());

        var answer = await SendAsync(harness.Client, "tools/call", new JsonObject
        {
            ["name"] = "wait_for_video_task",
            ["arguments"] = new JsonObject { ["task_id"] = "demo-success-timeout", ["timeout_seconds"] = JsonNode.Parse(timeout) },
        });

        if (kind is null)
        {
            // A timeout the tool takes: a task, which has none of its own (the client polls as long as it likes).
            Assert.Equal("task", answer["resultType"]?.GetValue<string>());
            return;
        }
        Assert.False(answer.ContainsKey("taskId"), answer.ToJsonString());
        Assert.Equal(kind, answer.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!.ErrorKind());
        Assert.Empty(harness.Sandbox.Requests);
    }

    [Fact]
    public async Task A_client_that_does_not_declare_the_extension_never_gets_a_handle()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.CallAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-success-plain", ["timeout_seconds"] = 1 });
        var refused = await Assert.ThrowsAsync<MissingRequiredClientCapabilityException>(() => SendAsync(harness.Client, "tasks/get", new JsonObject { ["taskId"] = "video-task:demo-success-plain" }));

        Assert.Equal("PENDING", result.Structured().GetProperty("status").GetString());
        Assert.True(result.Structured().GetProperty("wait").GetProperty("timedOut").GetBoolean());
        Assert.Equal(McpErrorCode.MissingRequiredClientCapability, refused.ErrorCode);
        Assert.True(refused.RequiredCapabilities?.Extensions?.ContainsKey(ExtensionId), refused.Message);
        Assert.Contains($"tasks/get belongs to the tasks extension: declare {ExtensionId} in the request's client capabilities.", refused.Message, StringComparison.Ordinal);
        // One warning line of ours, no stack trace from the SDK.
        var logged = Assert.Single(harness.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains($"Refused tasks/get: the client did not declare {ExtensionId}", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", logged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("video-task:fault-503", "working", "The relay did not answer this poll (relay_unavailable); the task goes on at Runway, and the next poll asks again.")]
    [InlineData("video-task:fault-401", "completed", "unauthorized")]
    [InlineData("video-task:no-such-task", "completed", "task_not_found")]
    public async Task A_poll_the_relay_fails_is_working_when_the_failure_passes_and_completed_with_the_tools_error_when_not(string handle, string status, string message)
    {
        await using var harness = await McpServerHarness.StartAsync(capabilities: TakesTasks());

        var polled = await harness.Time.DriveAsync(SendAsync(harness.Client, "tasks/get", new JsonObject { ["taskId"] = handle }), TestContext.Current.CancellationToken);

        Assert.Equal((status, message), (polled["status"]?.GetValue<string>(), polled["statusMessage"]?.GetValue<string>()));
        // A poll's answer, never a new task's ("task" answers only the call that creates one).
        Assert.Equal("complete", polled["resultType"]?.GetValue<string>());
        if (status == "completed")
        {
            var result = polled["result"]!.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!;
            Assert.True(result.IsError);
            Assert.Equal(message, result.ErrorKind());
        }
        Assert.DoesNotContain(McpServerHarness.Key, polled.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains(McpServerHarness.Key, StringComparison.Ordinal));
    }

    [Theory]
    // Retry-After 20 s: the client is asked to come back no sooner; a shorter one, or none, leaves the usual 6 s.
    [InlineData("video-task:fault-429", 20, "rate_limited, asking to wait 20 s", 20_000)]
    [InlineData("video-task:fault-429", 2, "rate_limited, asking to wait 2 s", 6_000)]
    [InlineData("video-task:fault-429-bare", 20, "rate_limited", 6_000)]
    public async Task A_poll_the_relay_rate_limits_tells_the_client_to_poll_no_sooner_than_the_relay_asked(string handle, int retryAfterSeconds, string said, long pollIntervalMs)
    {
        await using var harness = await McpServerHarness.StartAsync(sandbox: new SandboxOptions { StepSeconds = 3, RetryAfterSeconds = retryAfterSeconds }, capabilities: TakesTasks());

        var polled = await harness.Time.DriveAsync(SendAsync(harness.Client, "tasks/get", new JsonObject { ["taskId"] = handle }), TestContext.Current.CancellationToken);

        Assert.Equal("working", polled["status"]?.GetValue<string>());
        Assert.Equal($"The relay did not answer this poll ({said}); the task goes on at Runway, and the next poll asks again.", polled["statusMessage"]?.GetValue<string>());
        Assert.Equal(pollIntervalMs, polled["pollIntervalMs"]?.GetValue<long>());
    }

    [Theory]
    [InlineData("tasks/get")]
    [InlineData("tasks/cancel")]
    [InlineData("tasks/update")]
    public async Task A_task_id_that_is_not_this_servers_is_invalid_params(string method)
    {
        await using var harness = await McpServerHarness.StartAsync(capabilities: TakesTasks());

        var foreign = await Assert.ThrowsAsync<McpProtocolException>(() => SendAsync(harness.Client, method, new JsonObject { ["taskId"] = "786512e2-9e0d-44bd-8f29-789f320fe840" }));
        var badId = await Assert.ThrowsAsync<McpProtocolException>(() => SendAsync(harness.Client, method, new JsonObject { ["taskId"] = "video-task:bad id!" }));

        Assert.Equal((McpErrorCode.InvalidParams, McpErrorCode.InvalidParams), (foreign.ErrorCode, badId.ErrorCode));
        Assert.Contains("no such task here", foreign.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Sandbox.Requests);
        // One warning line each, without the id sent; no stack trace from the SDK.
        var logged = harness.Logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"Refused {method}: not a task id of this server", $"Refused {method}: not a task id of this server"], logged.Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public async Task Cancel_and_update_are_acknowledged_and_stop_nothing_at_the_relay()
    {
        await using var harness = await McpServerHarness.StartAsync(capabilities: TakesTasks());
        var created = await CallWaitAsync(harness.Client, "demo-success-cancel");

        var cancelled = await SendAsync(harness.Client, "tasks/cancel", new JsonObject { ["taskId"] = created["taskId"]!.GetValue<string>() });
        var updated = await SendAsync(harness.Client, "tasks/update", new JsonObject { ["taskId"] = created["taskId"]!.GetValue<string>(), ["inputResponses"] = new JsonObject() });

        // Empty acknowledgements: the result type, and the SDK's own _meta (its server info).
        Assert.All([cancelled, updated], ack => Assert.Equal(["_meta", "resultType"], ack.Select(p => p.Key).Order()));
        Assert.All([cancelled, updated], ack => Assert.Equal("complete", ack["resultType"]?.GetValue<string>()));
        // This server never cancels a generation: only the one read of the tool call reached the relay.
        Assert.Single(harness.Sandbox.Requests);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("tasks/cancel video-task:demo-success-cancel: the client stopped following it", StringComparison.Ordinal));
    }

    private static Task<JsonObject> CallWaitAsync(McpClient client, string taskId) =>
        SendAsync(client, "tools/call", new JsonObject { ["name"] = "wait_for_video_task", ["arguments"] = new JsonObject { ["task_id"] = taskId } });

    // The raw answer: the SDK's typed CallToolAsync expects a tool result, not a task.
    private static async Task<JsonObject> SendAsync(McpClient client, string method, JsonObject parameters)
    {
        var response = await client.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, TestContext.Current.CancellationToken)
            .WaitAsync(CapturedLogs.Patience, TestContext.Current.CancellationToken);
        return Assert.IsType<JsonObject>(response.Result);
    }
}
