using Microsoft.AspNetCore.Builder;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Auth0 as the team's token issuer, on 127.0.0.1 with Auth0's issuer, paths and sign-in rules: an API is named by
/// <c>audience</c>, the <c>resource</c> parameter hosts send (RFC 8707, as the MCP authorization spec has them) is read
/// only with the tenant's Resource Parameter Compatibility Profile on, and a sign-in that names no API gets an opaque
/// token, not a JWT. The MCP C# SDK's own client signs in as a host does.
/// </summary>
public sealed class Auth0Tests() : IssuerProductTests(IssuerProduct.Auth0)
{
    // Auth0's permissions are usually written verb:resource.
    private const string Scope = "read:video_tasks";

    // A server set up as the deployment README says for Auth0, at a port chosen first: the API's identifier in Auth0 is
    // the endpoint's URL, which hosts reach it by.
    private async Task<(WebApplication App, Uri Endpoint)> StartServerAsync(string? authority = null)
    {
        var origin = $"http://127.0.0.1:{UnusedLoopbackPort.Next()}";
        return await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Server:Urls"] = origin,
                ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
                ["Server:Auth:Authority"] = authority ?? Issuer.Authority,
                ["Server:Auth:Audience"] = $"{origin}/mcp",
                ["Server:Auth:Scopes:0"] = Scope,
            },
            logs: Logs);
    }

    [Fact]
    public async Task With_the_compatibility_profile_on_a_host_signs_in_and_calls_a_tool()
    {
        Issuer.ReadsResourceParameter = true;
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;

        Assert.Equal("SUCCEEDED", await McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));
        Assert.Equal(1, Issuer.TokenRequests);
    }

    [Fact]
    public async Task Without_it_the_host_gets_an_opaque_token_which_is_refused_saying_what_to_turn_on()
    {
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;

        await Assert.ThrowsAnyAsync<Exception>(() => McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));

        Assert.NotEqual(0, Issuer.TokenRequests);
        Assert.Empty(Sandbox.Requests);
        await Logs.WaitForAsync(line => line.Contains("401, opaque token, not a JWT", StringComparison.Ordinal) && line.Contains("Auth0 does unless its Resource Parameter Compatibility Profile is on", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_it_but_with_the_endpoint_as_the_tenants_default_audience_a_host_signs_in()
    {
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;
        Issuer.DefaultAudience = endpoint.AbsoluteUri;

        Assert.Equal("SUCCEEDED", await McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));
    }

    [Fact]
    public async Task A_token_for_this_server_and_auth0s_userinfo_is_accepted()
    {
        // What a sign-in that also asked for openid gets: both audiences in one aud array.
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;
        var token = Issuer.Mint(endpoint.AbsoluteUri, $"openid profile {Scope}", moreAudiences: [$"{Issuer.Authority}userinfo"]);
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(true, result.IsError);
    }

    [Fact]
    public async Task An_agent_without_a_user_reaches_the_relay_with_its_client_credentials_token()
    {
        // A machine-to-machine application's token: the scopes granted to it for the API in scope, its client id as sub.
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;
        var token = Issuer.Mint(endpoint.AbsoluteUri, Scope, subject: "m2m-agent-client-id@clients");
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.Single(Sandbox.Requests);
    }

    [Fact]
    public async Task A_token_for_auth0s_management_api_is_refused_saying_to_make_an_api_of_ones_own()
    {
        // An API to pick from in Auth0's dashboard from the first day, and the audience some set-ups end up asking for.
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;
        var token = Issuer.Mint("https://example-tenant.us.auth0.com/api/v2/", Scope);

        using var refused = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        await Logs.WaitForAsync(line => line.Contains("token for another audience: https://example-tenant.us.auth0.com/api/v2/", StringComparison.Ordinal)
            && line.Contains($"that is Auth0's Management API: create an API of your own in Auth0 whose identifier is {endpoint.AbsoluteUri}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_check_reminds_of_the_compatibility_profile_which_no_metadata_shows_without_failing()
    {
        var audience = "https://mcp.example.test/mcp";
        Issuer.OffersDynamicRegistration = true;
        var (exit, said) = await McpHttpServerUnderTest.CheckAsync(new()
        {
            ["Server:Transport"] = "Http",
            ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Authority"] = Issuer.Authority,
            ["Server:Auth:Audience"] = audience,
            ["Server:Auth:Scopes:0"] = Scope,
        });

        Assert.True(exit == 0, said);
        Assert.Contains($"Note: the issuer is Auth0, which reads the resource parameter hosts name this server by only with the tenant's Resource Parameter Compatibility Profile on", said, StringComparison.Ordinal);
        Assert.Contains($"its API's identifier must be {audience}", said, StringComparison.Ordinal);
        Assert.Contains($"hosts register themselves only once Dynamic Client Registration is turned on (Settings, Advanced), as third-party applications that get {Scope} only if the API grants it under Default Permissions for Third-Party Applications", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Problem:", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_authority_written_as_auth0s_domain_without_the_trailing_slash_is_said_at_start()
    {
        // Auth0's issuer ends with a slash; the dashboard shows the domain without one.
        var (app, _) = await StartServerAsync(authority: Issuer.Authority.TrimEnd('/'));
        await using var __ = app;

        await Logs.WaitForAsync(line => line.Contains($"The token issuer's metadata gives its issuer as {Issuer.Authority}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }
}
