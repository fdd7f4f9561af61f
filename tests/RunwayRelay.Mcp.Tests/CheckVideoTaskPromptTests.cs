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
}
