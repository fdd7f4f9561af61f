using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelContextProtocol;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Snapshots of the tool contract as an agent sees it: what tools/list announces, and the whole result
/// (text and structured) of each status and each error class, against the sandbox; each result must match the
/// output schema the tool publishes.
/// </summary>
public sealed class ToolContractSnapshots
{
    private static readonly JsonSerializerOptions Indented = new(McpJsonUtilities.DefaultOptions)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public async Task Tools_list()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Snapshot.Verify(JsonSerializer.Serialize(tools.Select(t => t.ProtocolTool).OrderBy(t => t.Name, StringComparer.Ordinal), Indented));
    }

    [Fact]
    public async Task Prompts_list_and_get()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var text = new StringBuilder();

        var prompts = await harness.Client.ListPromptsAsync(cancellationToken: ct);
        text.Append("prompts/list:\n").Append(JsonSerializer.Serialize(prompts.Select(p => p.ProtocolPrompt), Indented));
        var prompt = await harness.Client.GetPromptAsync("check_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-success" }, cancellationToken: ct);
        text.Append("\n\nprompts/get demo-success:\n").Append(JsonSerializer.Serialize(prompt, Indented));
        foreach (var (label, arguments) in new (string, Dictionary<string, object?>)[] { ("no task_id", []), ("taskId", new() { ["taskId"] = "demo-success" }), ("task_id ../x", new() { ["task_id"] = "../x" }), ("task_id 42", new() { ["task_id"] = 42 }) })
        {
            var refused = await Assert.ThrowsAsync<McpProtocolException>(() => harness.Client.GetPromptAsync("check_video_task", arguments, cancellationToken: ct).AsTask());
            text.Append(CultureInfo.InvariantCulture, $"\n\nprompts/get {label}: {refused.ErrorCode} {refused.Message}");
        }

        Snapshot.Verify(text.ToString());
    }

    [Fact]
    public async Task Resources_list()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var resources = await harness.Client.ListResourcesAsync(cancellationToken: ct);
        var templates = await harness.Client.ListResourceTemplatesAsync(cancellationToken: ct);

        Snapshot.Verify(
            "resources/list:\n" + JsonSerializer.Serialize(resources.Select(r => r.ProtocolResource), Indented)
            + "\n\nresources/templates/list:\n" + JsonSerializer.Serialize(templates.Select(t => t.ProtocolResourceTemplate), Indented)
            + "\n\nserver capabilities:\n" + JsonSerializer.Serialize(harness.Client.ServerCapabilities, Indented));
    }

    [Fact]
    public async Task Get_video_task_results()
    {
        var text = new StringBuilder();
        // Each case on a server and clock of its own: adding a case leaves the others' times as they are.
        async Task Case(string title, string taskId, int stepsBefore = 0)
        {
            await using var harness = await McpServerHarness.StartAsync();
            if (stepsBefore > 0)
            {
                await harness.GetTaskAsync(taskId);
                harness.Time.Advance(TimeSpan.FromSeconds(3 * stepsBefore));
            }
            var result = await harness.GetTaskAsync(taskId);
            Assert.Empty((await PublishedOutputSchemas.ReadAsync(harness.Client)).Problems("get_video_task", result));
            Render(text, $"{title}: get_video_task {taskId}", result);
        }

        await Case("PENDING", "demo-success");
        await Case("RUNNING", "demo-success-running", stepsBefore: 3);
        await Case("SUCCEEDED", "demo-success-done", stepsBefore: 5);
        await Case("SUCCEEDED, an image task", "demo-image-done", stepsBefore: 5);
        await Case("THROTTLED", "demo-throttled");
        await Case("FAILED", "demo-failure", stepsBefore: 3);
        await Case("CANCELLED", "demo-cancelled", stepsBefore: 1);
        await Case("unknown status", "demo-new-status");
        await Case("invalid id", "../etc");
        await Case("not found", "no-such-task");
        await Case("unauthorized", "fault-401");
        await Case("forbidden", "fault-403");
        await Case("bad request", "fault-400");
        await Case("payment required", "fault-402");
        await Case("other 4xx", "fault-405");
        await Case("rate limited", "fault-429");
        await Case("rate limited, no Retry-After", "fault-429-bare");
        await Case("relay failed", "fault-503");
        await Case("relay error page", "fault-html");
        await Case("not JSON", "fault-malformed");
        await Case("wrong shape (Kling envelope)", "fault-kling");
        await Case("relay envelope around a task", "fault-wrapped");
        await Case("relay envelope with the relay's own error", "fault-relay-error");
        await Case("relay envelope whose own record gave up on a running task", "fault-relay-gave-up");
        await Case("relay envelope naming the task by the relay's own id", "fault-relays-own-id");
        await Case("relay envelope with only the relay's record of the task", "fault-relay-record-only");
        await Case("answer about another task", "fault-other-id");
        await Case("redirect to another host", "fault-redirect");
        await Case("too large", "fault-huge");
        await Case("odd values (percentage progress, epoch createdAt)", "fault-odd-running");
        await Case("odd values (fractional cost, createdAt without a zone)", "fault-odd-succeeded");
        await Case("numeric id", "fault-numeric-id");
        await Case("unknown fields too large to pass on", "fault-bloated");

        Snapshot.Verify(text.ToString());
    }

    [Fact]
    public async Task Wait_for_video_task_results()
    {
        var ct = TestContext.Current.CancellationToken;
        var text = new StringBuilder();
        foreach (var (title, taskId, timeout) in new[] { ("followed to the end", "demo-success", 120), ("timed out", "demo-throttled", 10), ("failed", "demo-failure", 120), ("not found", "no-such-task", 60) })
        {
            await using var harness = await McpServerHarness.StartAsync();
            var args = new Dictionary<string, object?> { ["task_id"] = taskId, ["timeout_seconds"] = timeout };
            var result = await harness.Time.DriveAsync(harness.CallAsync("wait_for_video_task", args, null, ct), ct);
            Assert.Empty((await PublishedOutputSchemas.ReadAsync(harness.Client)).Problems("wait_for_video_task", result));
            Render(text, $"{title}: wait_for_video_task {taskId}, timeout_seconds {timeout}", result);
        }

        Snapshot.Verify(text.ToString());
    }

    /// <summary>One tool result as a reviewer reads it: whether it is an error, its text, its structured content.</summary>
    private static void Render(StringBuilder text, string heading, ModelContextProtocol.Protocol.CallToolResult result)
    {
        text.AppendLine($"## {heading}");
        text.AppendLine($"isError: {result.IsError == true}");
        text.AppendLine("text:");
        foreach (var line in result.Text().Split('\n'))
        {
            text.AppendLine($"  {line}");
        }
        if (result.StructuredContent is { } structured)
        {
            text.AppendLine("structuredContent:");
            text.AppendLine(JsonSerializer.Serialize(structured, Indented));
        }
        text.AppendLine();
    }
}
