using Microsoft.AspNetCore.Builder;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Amazon Cognito as the team's token issuer, on 127.0.0.1 with a user pool's issuer, metadata, sign-in rules and tokens:
/// its discovery document lists no PKCE methods and no way to register, custom scopes are named with their resource
/// server's identifier, and its access tokens carry <c>aud</c> only when the sign-in named the resource (RFC 8707), which
/// the Essentials and Plus feature plans read. The MCP C# SDK's own client signs in as a host does, with a client
/// registered by hand, through the issuer's metadata as this server publishes it.
/// </summary>
public sealed class AmazonCognitoTests() : IssuerProductTests(IssuerProduct.AmazonCognito)
{
    private const string ClientId = "host-registered-by-hand";

    // A server set up as the deployment README says for Cognito, at a port chosen first: a resource server whose
    // identifier is the endpoint's URL, its scope written with it, and the issuer's metadata published from here. The
    // metadata is read from the simulated pool on 127.0.0.1; the authority is the pool's real-looking issuer.
    private Dictionary<string, string?> Settings(string origin, string scope) => new()
    {
        ["Server:Urls"] = origin,
        ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
        ["Server:Auth:Authority"] = Issuer.Authority,
        ["Server:Auth:MetadataAddress"] = Issuer.OpenIdMetadataAddress,
        ["Server:Auth:Audience"] = $"{origin}/mcp",
        ["Server:Auth:Scopes:0"] = scope,
        ["Server:Auth:PublishIssuerMetadata"] = "true",
    };

    private async Task<(WebApplication App, Uri Endpoint)> StartServerAsync()
    {
        var origin = $"http://127.0.0.1:{UnusedLoopbackPort.Next()}";
        return await McpHttpServerUnderTest.StartAsync(Settings(origin, $"{origin}/mcp/runway.tasks.read"), logs: Logs);
    }

    [Fact]
    public async Task On_a_feature_plan_that_reads_the_resource_a_host_signs_in_and_calls_a_tool()
    {
        Issuer.ReadsResourceParameter = true;
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;

        Assert.Equal("SUCCEEDED", await McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));
        Assert.Single(Sandbox.Requests);
    }

    [Fact]
    public async Task On_the_lite_plan_the_token_without_aud_is_refused_saying_what_cognito_needs()
    {
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;

        await Assert.ThrowsAnyAsync<Exception>(() => McpHttpServerUnderTest.SignInAndConnectAsync(endpoint));

        Assert.NotEqual(0, Issuer.TokenRequests);
        Assert.Empty(Sandbox.Requests);
        await Logs.WaitForAsync(line => line.Contains("401, token for another audience: none", StringComparison.Ordinal)
            && line.Contains("an Amazon Cognito access token without aud: Cognito names the resource in aud only for a sign-in that named it (RFC 8707), on its Essentials or Plus feature plan", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_id_token_sent_instead_of_the_access_token_is_refused_naming_it()
    {
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;
        var token = Issuer.MintCognito(audience: null, scope: "", ClientId, tokenUse: "id");

        using var refused = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        await Logs.WaitForAsync(line => line.Contains($"401, token for another audience: {ClientId}", StringComparison.Ordinal)
            && line.Contains("an ID token (token_use id), not an access token: the host must send the access token", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_token_with_the_scope_named_without_its_resource_server_lacks_the_scope()
    {
        // Cognito puts a custom scope in the token as identifier/name: a setting naming it alone is never met.
        var origin = $"http://127.0.0.1:{UnusedLoopbackPort.Next()}";
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(Settings(origin, "runway.tasks.read"), logs: Logs);
        await using var _ = app;
        var token = Issuer.MintCognito(endpoint.AbsoluteUri, $"openid {endpoint.AbsoluteUri}/runway.tasks.read", ClientId);

        using var refused = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_check_recognises_cognito_and_says_what_no_metadata_shows_without_failing()
    {
        var audience = "https://mcp.example.test/mcp";
        var settings = Settings("http://127.0.0.1:3001", "runway.tasks.read");
        settings["Server:Transport"] = "Http";
        settings["Server:Auth:Audience"] = audience;
        settings.Remove("Server:Auth:PublishIssuerMetadata");

        var (exit, said) = await McpHttpServerUnderTest.CheckAsync(settings);

        Assert.True(exit == 0, said);
        Assert.Contains("Note: the issuer is Amazon Cognito, whose access tokens name this server in aud only when the sign-in named it as the resource (RFC 8707)", said, StringComparison.Ordinal);
        Assert.Contains($"Server:Auth:Scopes has runway.tasks.read, which is no custom scope of Cognito's: those are named by their resource server's identifier, such as {audience}/runway.tasks.read", said, StringComparison.Ordinal);
        // What every issuer without them is told.
        Assert.Contains($"Note: {Transports.Http.TokenIssuerRead.NoClientRegistration}.", said, StringComparison.Ordinal);
        Assert.Contains("Server:Auth:PublishIssuerMetadata=true", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Problem:", said, StringComparison.Ordinal);
    }
}
