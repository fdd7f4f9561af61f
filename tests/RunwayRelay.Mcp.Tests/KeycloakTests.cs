using Microsoft.AspNetCore.Builder;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Keycloak as the team's token issuer, on 127.0.0.1 with Keycloak's paths, metadata and sign-in rules: the
/// <c>resource</c> parameter hosts send (RFC 8707) is unread unless the experimental resource-indicators feature is on,
/// so a token names this endpoint only through an Audience mapper on a client scope the sign-in got, beside Keycloak's
/// own <c>account</c> client. The MCP C# SDK's own client signs in as a host does, checking the <c>iss</c> Keycloak sends
/// back (RFC 9207).
/// </summary>
public sealed class KeycloakTests() : IssuerProductTests(IssuerProduct.Keycloak)
{
    private const string Scope = "runway.tasks.read";

    // A server set up as the deployment README says for Keycloak, at a port chosen first so that the Audience mapper can
    // name the endpoint's URL before the server starts.
    private Dictionary<string, string?> Settings(string origin, bool withScope = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Server:Urls"] = origin,
            ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Authority"] = Issuer.Authority,
            ["Server:Auth:Audience"] = $"{origin}/mcp",
        };
        if (withScope)
        {
            settings["Server:Auth:Scopes:0"] = Scope;
        }
        return settings;
    }

    private Task<(WebApplication App, Uri Endpoint)> StartServerAsync(string origin, bool withScope = true) =>
        McpHttpServerUnderTest.StartAsync(Settings(origin, withScope), logs: Logs);

    private static string NewOrigin() => $"http://127.0.0.1:{UnusedLoopbackPort.Next()}";

    [Fact]
    public async Task A_host_asking_for_the_scope_whose_audience_mapper_names_the_endpoint_signs_in_and_calls_a_tool()
    {
        var origin = NewOrigin();
        Issuer.ClientScopes[Scope] = $"{origin}/mcp";
        var (app, endpoint) = await StartServerAsync(origin);
        await using var _ = app;

        // The token's aud holds Keycloak's account client too: one audience of this server's is enough.
        Assert.Equal("SUCCEEDED", await McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));
        Assert.Equal(1, Issuer.TokenRequests);
        Assert.Single(Sandbox.Requests);
    }

    [Fact]
    public async Task Without_an_audience_mapper_the_token_is_refused_saying_where_keycloak_needs_one()
    {
        var origin = NewOrigin();
        Issuer.ClientScopes[Scope] = null;
        var (app, endpoint) = await StartServerAsync(origin);
        await using var _ = app;

        await Assert.ThrowsAnyAsync<Exception>(() => McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));

        Assert.NotEqual(0, Issuer.TokenRequests);
        Assert.Empty(Sandbox.Requests);
        await Logs.WaitForAsync(line => line.Contains("401, token for another audience: account", StringComparison.Ordinal)
            && line.Contains($"Keycloak names this endpoint in aud only through an Audience mapper (Included Custom Audience {endpoint.AbsoluteUri}) on the client scope {Scope} (which a user gets only with one of its roles, if it maps any), or with its resource-indicators feature", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_user_without_a_role_the_client_scope_is_limited_to_is_refused()
    {
        // How a team lets only some of its users in: role scope mappings on the client scope, which Keycloak then leaves
        // out, its Audience mapper with it, for anyone holding none of those roles.
        var origin = NewOrigin();
        Issuer.ClientScopes[Scope] = $"{origin}/mcp";
        Issuer.ScopesOfRolesTheUserLacks.Add(Scope);
        var (app, endpoint) = await StartServerAsync(origin);
        await using var _ = app;

        await Assert.ThrowsAnyAsync<Exception>(() => McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));

        Assert.Empty(Sandbox.Requests);
        await Logs.WaitForAsync(line => line.Contains("401, token for another audience: account", StringComparison.Ordinal)
            && line.Contains("which a user gets only with one of its roles", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_scopes_set_the_refusal_names_a_default_client_scope_as_hosts_then_ask_for_none()
    {
        var (app, endpoint) = await StartServerAsync(NewOrigin(), withScope: false);
        await using var _ = app;
        var token = Issuer.MintKeycloak(["account"], "profile email", "host-registered-by-hand");

        using var refused = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        await Logs.WaitForAsync(line => line.Contains($"(Included Custom Audience {endpoint.AbsoluteUri}) on a Default client scope", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task With_the_resource_indicators_feature_a_host_signs_in_without_a_mapper()
    {
        // The feature reads the resource the host names and makes it the token's only audience.
        var origin = NewOrigin();
        Issuer.ClientScopes[Scope] = null;
        Issuer.ResourceIndicatorsFor = $"{origin}/mcp";
        var (app, endpoint) = await StartServerAsync(origin);
        await using var _ = app;

        Assert.Equal("SUCCEEDED", await McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));
    }

    [Fact]
    public async Task Its_metadata_published_from_here_is_named_a_problem_as_hosts_stop_at_the_iss_keycloak_sends()
    {
        // The copy names this server as the issuer; Keycloak still sends its own iss with the sign-in's answer.
        const string Problem = "Server:Auth:PublishIssuerMetadata is on, but the issuer sends its iss with every sign-in's answer";
        var origin = NewOrigin();
        Issuer.ClientScopes[Scope] = $"{origin}/mcp";
        var settings = Settings(origin);
        settings["Server:Auth:PublishIssuerMetadata"] = "true";
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(settings, logs: Logs);
        await using var _ = app;

        await Logs.WaitForAsync(line => line.Contains($"The token issuer and the settings do not fit: {Problem}", StringComparison.Ordinal)
            && line.Contains("set Server:Auth:PublishIssuerMetadata=false; its own metadata lists S256 PKCE already", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(() => McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));
        Assert.Empty(Sandbox.Requests);
        settings["Server:Transport"] = "Http";
        var (exit, said) = await McpHttpServerUnderTest.CheckAsync(settings);
        Assert.Equal(1, exit);
        Assert.Contains($"Problem: {Problem}", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_check_reminds_of_the_audience_mapper_and_the_registration_policies_without_failing(bool withScope)
    {
        var audience = "https://mcp.example.test/mcp";
        var settings = new Dictionary<string, string?>
        {
            ["Server:Transport"] = "Http",
            ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Authority"] = Issuer.Authority,
            ["Server:Auth:Audience"] = audience,
        };
        if (withScope)
        {
            settings["Server:Auth:Scopes:0"] = Scope;
        }

        var (exit, said) = await McpHttpServerUnderTest.CheckAsync(settings);

        Assert.True(exit == 0, said);
        Assert.Contains("Note: the issuer is Keycloak, which reads the resource parameter hosts name this server by only when started with its experimental resource-indicators feature", said, StringComparison.Ordinal);
        Assert.Contains(withScope ? $"(Included Custom Audience {audience}) on the client scope {Scope}, which hosts ask for" : $"(Included Custom Audience {audience}) on a Default client scope", said, StringComparison.Ordinal);
        Assert.Contains("hosts registering themselves are refused until the realm's Trusted Hosts policy", said, StringComparison.Ordinal);
        Assert.Equal(withScope, said.Contains($"its Allowed Client Scopes policy must list {Scope}", StringComparison.Ordinal));
        Assert.Contains("Hosts can register themselves with the issuer: Dynamic Client Registration.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Problem:", said, StringComparison.Ordinal);
    }
}
