using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Views;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The caching hints of 2026-07-28 (SEP-2549): what never changes while the server runs may be reused by every caller
/// for a while; a task only by its caller, for Runway's 5 seconds. Clients of earlier revisions get no such fields.
/// </summary>
public sealed class CacheHintsTests
{
    private static async Task<ICacheableResult[]> DefinitionsAsync(McpClient client, CancellationToken ct) =>
    [
        await client.SendRequestAsync<ListToolsRequestParams, ListToolsResult>(RequestMethods.ToolsList, new(), cancellationToken: ct),
        await client.SendRequestAsync<ListPromptsRequestParams, ListPromptsResult>(RequestMethods.PromptsList, new(), cancellationToken: ct),
        await client.SendRequestAsync<ListResourcesRequestParams, ListResourcesResult>(RequestMethods.ResourcesList, new(), cancellationToken: ct),
        await client.SendRequestAsync<ListResourceTemplatesRequestParams, ListResourceTemplatesResult>(RequestMethods.ResourcesTemplatesList, new(), cancellationToken: ct),
        await client.ReadResourceAsync(VideoTaskApp.ViewUri, cancellationToken: ct),
    ];

    [Fact]
    public async Task Lists_and_the_view_are_the_same_for_every_caller_for_ten_minutes()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var results = await DefinitionsAsync(harness.Client, TestContext.Current.CancellationToken);

        Assert.Equal("2026-07-28", harness.Client.NegotiatedProtocolVersion);
        Assert.All(results, result => Assert.Equal((TimeSpan.FromMinutes(10), CacheScope.Public), (result.TimeToLive, result.CacheScope)));
    }

    [Fact]
    public async Task A_task_is_for_its_caller_only_and_for_five_seconds()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var read = await harness.Client.ReadResourceAsync("runway://tasks/demo-instant", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((TimeSpan.FromSeconds(5), CacheScope.Private), (read.TimeToLive, read.CacheScope));
    }

    [Fact]
    public async Task Clients_of_2025_11_25_get_no_caching_fields()
    {
        await using var harness = await McpServerHarness.StartAsync(protocolVersion: "2025-11-25");
        var ct = TestContext.Current.CancellationToken;

        var results = await DefinitionsAsync(harness.Client, ct);
        var task = await harness.Client.ReadResourceAsync("runway://tasks/demo-instant", cancellationToken: ct);

        Assert.Equal("2025-11-25", harness.Client.NegotiatedProtocolVersion);
        Assert.All([.. results, task], result => Assert.Equal((null, null), (result.TimeToLive, result.CacheScope)));
    }
}
