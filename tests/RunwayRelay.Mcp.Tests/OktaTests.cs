namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// An Okta custom authorization server as the team's token issuer, its metadata served from 127.0.0.1 in Okta's shape:
/// its <c>registration_endpoint</c> is the org's client management API, which takes an administrator's token only
/// (modelcontextprotocol/modelcontextprotocol#695), so hosts cannot register there whatever the metadata says. Start
/// and <c>--check</c> say hosts need a client registered by hand, and what Okta needs for that. Okta is not reached.
/// </summary>
public sealed class OktaTests() : IssuerProductTests(IssuerProduct.Okta)
{
    private const string Audience = "https://mcp.example.test/mcp";

    private Dictionary<string, string?> Settings(string origin) => new()
    {
        ["Server:Urls"] = origin,
        ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
        ["Server:Auth:Authority"] = Issuer.Authority,
        ["Server:Auth:MetadataAddress"] = Issuer.OpenIdMetadataAddress,
        ["Server:Auth:Audience"] = Audience,
        ["Server:Auth:Scopes:0"] = "runway.tasks.read",
    };

    [Fact]
    public async Task The_check_says_hosts_cannot_register_at_oktas_registration_endpoint_without_failing()
    {
        var settings = Settings("http://127.0.0.1:3001");
        settings["Server:Transport"] = "Http";

        var (exit, said) = await McpHttpServerUnderTest.CheckAsync(settings);

        Assert.True(exit == 0, said);
        Assert.DoesNotContain("Hosts can register themselves", said, StringComparison.Ordinal);
        Assert.Contains("Note: the issuer's metadata offers hosts no way to register themselves (neither client_id_metadata_document_supported nor a registration_endpoint open to them)", said, StringComparison.Ordinal);
        Assert.Contains("Note: the issuer is Okta, whose registration endpoint (/oauth2/v1/clients) takes only an administrator's API token, which hosts do not have: register an OIDC application for them", said, StringComparison.Ordinal);
        Assert.Contains($"set the authorization server's audience to {Audience}, or its tokens name api://default", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_says_how_hosts_get_a_client_id()
    {
        var (app, _) = await McpHttpServerUnderTest.StartAsync(Settings($"http://127.0.0.1:{UnusedLoopbackPort.Next()}"), logs: Logs);
        await using var _ = app;

        await Logs.WaitForAsync(line => line.Contains("Signing users in: the issuer's metadata offers hosts no way to register themselves", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }
}
