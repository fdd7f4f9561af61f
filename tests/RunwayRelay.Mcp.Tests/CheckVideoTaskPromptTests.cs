using ModelContextProtocol.Protocol;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The <c>check_video_task</c> prompt beyond its snapshot: what hosts do with prompts when they connect.</summary>
public sealed class CheckVideoTaskPromptTests
{
    [Fact]
    public async Task Hosts_listing_prompts_on_every_connection_get_the_prompt_and_leave_no_warning_in_the_log()
    {
        // Claude Desktop lists prompts of every server, over and over, whether or not the server offers any; each
        // refusal was a warning with a stack trace in the log it keeps of the server's stderr.
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 3; i++)
        {
            var listed = await harness.Client.SendRequestAsync<ListPromptsRequestParams, ListPromptsResult>(
                RequestMethods.PromptsList, new ListPromptsRequestParams(), cancellationToken: ct);
            Assert.Equal("check_video_task", Assert.Single(listed.Prompts).Name);
        }

        Assert.DoesNotContain(harness.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"task_id":"../x"}""", "[invalid_task_id] task_id contains '.' at character 1.", "invalid_task_id")]
    [InlineData("""{"taskId":"demo-success"}""", "[invalid_arguments] The argument is named task_id, not taskId", "invalid_arguments")]
    [InlineData("{}", "[invalid_arguments] task_id is required. It is the id returned when the generation was created.", "invalid_arguments")]
    public async Task A_bad_task_id_is_a_named_error_and_one_warning_line_without_what_was_typed(string arguments, string says, string kind)
    {
        // People type the id into their host; a typo is theirs to fix, not an error of the server with stack traces.
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var parsed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!;

        var refused = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => harness.Client.GetPromptAsync("check_video_task", parsed, cancellationToken: ct).AsTask());

        Assert.Equal(ModelContextProtocol.McpErrorCode.InvalidParams, refused.ErrorCode);
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        var logged = Assert.Single(harness.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        Assert.EndsWith($"Refused prompts/get: {kind}", logged, StringComparison.Ordinal);
    }
}
