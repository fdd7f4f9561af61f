namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The tools, prompts and resources never change while the server runs, so neither revision's handshake promises
/// <c>*/list_changed</c> notifications: a 2026-07-28 client told otherwise holds a <c>subscriptions/listen</c> request
/// open all session for nothing.
/// </summary>
public sealed class FixedListsTests
{
    [Theory]
    [InlineData("2026-07-28")]
    [InlineData("2025-11-25")]
    public async Task No_list_is_advertised_as_changing(string revision)
    {
        await using var harness = await McpServerHarness.StartAsync(protocolVersion: revision);
        var capabilities = harness.Client.ServerCapabilities;

        Assert.Equal(revision, harness.Client.NegotiatedProtocolVersion);
        Assert.NotNull(capabilities.Tools);
        Assert.NotNull(capabilities.Prompts);
        Assert.NotNull(capabilities.Resources);
        Assert.Equal<bool?[]>([null, null, null], [capabilities.Tools.ListChanged, capabilities.Prompts.ListChanged, capabilities.Resources.ListChanged]);
    }
}
