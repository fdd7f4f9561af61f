using System.Text.Json;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Every argument an agent can get wrong is a named tool error that says what to send, and nothing reaches the relay.</summary>
public sealed class ArgumentErrorTests
{
    public static TheoryData<string, string, string, string> BadArguments() => new()
    {
        { "get_video_task", "{}", "invalid_arguments", "task_id is required" },
        { "get_video_task", """{"taskId":"demo-instant"}""", "invalid_arguments", "named task_id, not taskId" },
        { "get_video_task", """{"task_id":123}""", "invalid_task_id", "it was the number 123" },
        { "get_video_task", """{"task_id":true}""", "invalid_task_id", "it was true" },
        { "get_video_task", """{"task_id":["demo-instant"]}""", "invalid_task_id", "it was an array" },
        { "get_video_task", """{"task_id":null}""", "invalid_task_id", "it was null" },
        { "get_video_task", """{"task_id":"demo-instant\n"}""", "invalid_task_id", "control character" },
        { "wait_for_video_task", """{"task_id":"demo-instant","timeout_seconds":"abc"}""", "invalid_timeout", "it was the string \"abc\"" },
        { "wait_for_video_task", """{"task_id":"demo-instant","timeout_seconds":1.5}""", "invalid_timeout", "it was the number 1.5" },
        { "wait_for_video_task", """{"task_id":"demo-instant","timeout_seconds":601}""", "invalid_timeout", "between 1 and 600" },
        { "wait_for_video_task", """{"task_id":"demo-instant","timeoutSeconds":300}""", "invalid_arguments", "named timeout_seconds, not timeoutSeconds" },
        { "wait_for_video_task", """{"task_id":"demo-instant","timeout":300}""", "invalid_arguments", "named timeout_seconds, not timeout" },
        { "wait_for_video_task", """{"task_id":"demo-instant","Timeout-Secs":300}""", "invalid_arguments", "named timeout_seconds, not Timeout-Secs" },
        { "wait_for_video_task", """{"task_id":"demo-instant","timeout_sec":300}""", "invalid_arguments", "named timeout_seconds, not timeout_sec" },
        // A value the caller sent is quoted back at most 40 characters long, quotes included.
        { "wait_for_video_task", $$"""{"task_id":"demo-instant","timeout_seconds":"{{new string('x', 38)}}"}""", "invalid_timeout", $"it was the string \"{new string('x', 38)}\"." },
        { "wait_for_video_task", $$"""{"task_id":"demo-instant","timeout_seconds":"{{new string('x', 60)}}"}""", "invalid_timeout", $"it was the string \"{new string('x', 39)}…." },
    };

    // The sentence each tool's argument errors end with: what to send instead.
    private const string SendTaskId = "Send {\"task_id\": \"<the id returned when the generation was created>\"}";

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task A_bad_argument_is_a_named_error_that_says_what_to_send(string tool, string arguments, string kind, string says)
    {
        await using var harness = await McpServerHarness.StartAsync();
        var parsed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!;

        var result = await harness.CallAsync(tool, parsed.ToDictionary(p => p.Key, p => (object?)p.Value));

        Assert.True(result.IsError);
        Assert.Equal(kind, result.ErrorKind());
        Assert.Contains(says, result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred", result.Text(), StringComparison.Ordinal);
        if (kind == "invalid_arguments")
        {
            Assert.EndsWith(tool == "wait_for_video_task" ? $"{SendTaskId}, and optionally \"timeout_seconds\": 1 to 600." : $"{SendTaskId}.", result.Text(), StringComparison.Ordinal);
        }
        Assert.Empty(harness.Sandbox.Requests);
        // One warning line an operator can find, under the tool's own category, naming the kind.
        var toolClass = tool == "wait_for_video_task" ? "WaitForVideoTaskTool" : "GetVideoTaskTool";
        Assert.Single(harness.Logs.Lines, line => line == $"Warning RunwayRelay.Mcp.Tools.{toolClass}: {tool} refused before calling the relay: {kind}");
    }

    [Theory]
    [InlineData("120")]
    [InlineData("\"abc\"")]
    [InlineData("1.5")]
    public async Task Get_video_task_ignores_a_timeout_as_it_ignores_every_argument_it_does_not_take(string timeout)
    {
        await using var harness = await McpServerHarness.StartAsync();
        var arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>($$"""{"task_id":"demo-instant","timeout_seconds":{{timeout}}}""")!;

        var result = await harness.CallAsync("get_video_task", arguments.ToDictionary(p => p.Key, p => (object?)p.Value));

        Assert.Equal("demo-instant", result.Structured().GetProperty("id").GetString());
        Assert.Single(harness.Sandbox.Requests);
    }
}
