using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The MCP Apps view and the task resource, through a real MCP client: what a host that renders views
/// reads, and what a host that attaches resources gets.</summary>
public sealed class McpAppsTests
{
    private const string ViewUri = "ui://runway-relay/video-task.html";

    [Fact]
    public async Task The_server_advertises_the_extension_and_both_tools_name_the_view()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(harness.Client.ServerCapabilities.Extensions?.ContainsKey("io.modelcontextprotocol/ui"));
        Assert.All(tools, tool => Assert.Equal(ViewUri, tool.ProtocolTool.Meta?["ui"]?["resourceUri"]?.GetValue<string>()));
        Assert.All(tools, tool => Assert.Equal(ViewUri, tool.ProtocolTool.Meta?["ui/resourceUri"]?.GetValue<string>()));
        Assert.Equal(2, tools.Count);
    }

    [Fact]
    public async Task The_view_is_listed_and_read_as_self_contained_html_with_its_media_policy()
    {
        await using var harness = await McpServerHarness.StartAsync(settings => settings["View:MediaOrigins:0"] = "https://videos.example.com");
        var ct = TestContext.Current.CancellationToken;

        var listed = Assert.Single(await harness.Client.ListResourcesAsync(cancellationToken: ct), r => r.Uri == ViewUri);
        var read = await harness.Client.ReadResourceAsync(ViewUri, cancellationToken: ct);

        Assert.Equal("text/html;profile=mcp-app", listed.ProtocolResource.MimeType);
        var contents = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal("text/html;profile=mcp-app", contents.MimeType);
        Assert.StartsWith("<!DOCTYPE html>", contents.Text, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(contents.Text), 1, 150 * 1024);
        // Nothing fetched from elsewhere: no external script, style or font.
        Assert.DoesNotMatch("<script[^>]+src=|<link[^>]+href=|@import", contents.Text);
        // Runway's own output host always, for relays that pass its URLs on; then the relay's, as configured.
        Assert.Equal(["https://dnznrvs05pmza.cloudfront.net", "https://videos.example.com"], contents.Meta!["ui"]!["csp"]!["resourceDomains"]!.AsArray().Select(n => n!.GetValue<string>()));
        // The host is asked to draw its border around the view (SEP-1865, _meta.ui.prefersBorder).
        Assert.True(contents.Meta["ui"]!["prefersBorder"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_task_resource_reads_the_same_view_as_get_video_task()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var template = Assert.Single(await harness.Client.ListResourceTemplatesAsync(cancellationToken: ct));
        var read = await harness.Client.ReadResourceAsync("runway://tasks/demo-instant", cancellationToken: ct);
        var tool = await harness.GetTaskAsync("demo-instant");

        Assert.Equal("runway://tasks/{task_id}", template.ProtocolResourceTemplate.UriTemplate);
        var contents = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal("application/json", contents.MimeType);
        Assert.Equal("runway://tasks/demo-instant", contents.Uri);
        using var json = JsonDocument.Parse(contents.Text);
        Assert.Equal(tool.Structured().GetRawText(), json.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("runway://tasks/no-such-task", McpErrorCode.InvalidParams, "[task_not_found]")] // the harness client speaks 2026-07-28 (SEP-2164)
    [InlineData("runway://tasks/bad%20id%21", McpErrorCode.InvalidParams, "[invalid_task_id]")]
    [InlineData("runway://tasks/fault-503", McpErrorCode.InternalError, "[relay_unavailable]")]
    public async Task A_task_resource_that_cannot_be_read_names_the_same_error_as_the_tool(string uri, McpErrorCode code, string kind)
    {
        await using var harness = await McpServerHarness.StartAsync();

        var failure = await Assert.ThrowsAsync<McpProtocolException>(() => harness.Client.ReadResourceAsync(uri, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(code, failure.ErrorCode);
        Assert.Contains(kind, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(McpServerHarness.Key, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runway://tasks/no-such-task", "resources/read no-such-task failed: task_not_found")]
    [InlineData("runway://tasks/bad%20id%21", "resources/read refused before calling the relay: invalid_task_id")]
    [InlineData("runway://tasks/fault-503", "resources/read fault-503 failed: relay_unavailable")]
    public async Task A_task_resource_that_cannot_be_read_is_one_warning_line_as_for_the_tool(string uri, string line)
    {
        // A task that is not there, a typo, a busy relay: answers, not faults of this server, so no error with stack traces.
        await using var harness = await McpServerHarness.StartAsync();

        await Assert.ThrowsAsync<McpProtocolException>(() => harness.Client.ReadResourceAsync(uri, cancellationToken: TestContext.Current.CancellationToken).AsTask());

        var logged = Assert.Single(harness.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains(line, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", logged, StringComparison.Ordinal);
    }
}
