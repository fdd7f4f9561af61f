using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// A host signing its user in at an issuer whose metadata leaves out <c>code_challenge_methods_supported</c>, as
/// Microsoft Entra ID's does: the MCP C# SDK's own client, which refuses such an issuer as the MCP authorization spec
/// says, signs in through the copy this server publishes (<c>Server:Auth:PublishIssuerMetadata</c>) and calls a tool
/// with the token the issuer gave it. The issuer on 127.0.0.1 has Entra's paths and metadata and requires S256 PKCE.
/// </summary>
public sealed class PublishedIssuerMetadataTests() : IssuerProductTests(IssuerProduct.MicrosoftEntra)
{
    private const string ScopeName = "runway.tasks.read";
    private const string ApplicationId = "3c9e7a51-8b2f-4d06-a1e4-7f5b0c2d9e18";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Issuer.SignInAudience = ApplicationId;
    }

    // A server set up for Entra as its deployment README says, at a port chosen first: hosts check that the metadata's
    // resource is the URL they reach the endpoint by, so the audience must be that URL.
    private async Task<(WebApplication App, Uri Endpoint)> StartServerAsync(bool publish, string? authority = null, string? scope = null)
    {
        var origin = $"http://127.0.0.1:{UnusedLoopbackPort.Next()}";
        return await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Server:Urls"] = origin,
            ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Authority"] = authority ?? Issuer.Authority,
            ["Server:Auth:Audience"] = $"{origin}/mcp",
            ["Server:Auth:AcceptedAudiences:0"] = ApplicationId,
            ["Server:Auth:Scopes:0"] = scope ?? $"{origin}/mcp/{ScopeName}",
            ["Server:Auth:PublishIssuerMetadata"] = publish ? "true" : "false",
        });
    }

    [Fact]
    public async Task A_host_that_requires_pkce_in_the_metadata_signs_in_through_the_published_copy_and_calls_a_tool()
    {
        var (app, endpoint) = await StartServerAsync(publish: true);
        await using var _ = app;

        Assert.Equal("SUCCEEDED", await McpHttpServerUnderTest.SignInAndReadStatusAsync(endpoint));
        Assert.Equal(1, Issuer.TokenRequests);
    }

    [Fact]
    public async Task Without_the_copy_the_same_host_refuses_the_issuer_before_any_sign_in()
    {
        var (app, endpoint) = await StartServerAsync(publish: false);
        await using var _ = app;

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => McpHttpServerUnderTest.SignInAndConnectAsync(endpoint));

        Assert.Contains("code_challenge_methods_supported", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Issuer.TokenRequests);
        using var http = new HttpClient();
        using var copy = await http.GetAsync(new Uri(endpoint, "/.well-known/oauth-authorization-server"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, copy.StatusCode);
    }

    [Fact]
    public async Task With_the_scope_written_without_its_resource_the_issuer_refuses_the_sign_in_as_entra_does()
    {
        // What --check and the start-up warning say to write otherwise (MicrosoftEntraTests).
        var (app, endpoint) = await StartServerAsync(publish: true, scope: ScopeName);
        await using var _ = app;

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => McpHttpServerUnderTest.SignInAndConnectAsync(endpoint));

        Assert.Contains("authorization code", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Issuer.TokenRequests);
    }

    [Fact]
    public async Task The_copy_names_this_server_as_issuer_and_the_issuers_own_endpoints()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, endpoint) = await StartServerAsync(publish: true);
        await using var _ = app;
        var origin = endpoint.GetLeftPart(UriPartial.Authority);
        using var http = new HttpClient();

        using var copy = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint, "/.well-known/oauth-authorization-server"), ct));
        using var resource = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint, "/.well-known/oauth-protected-resource/mcp"), ct));

        Assert.Equal(origin, copy.RootElement.GetProperty("issuer").GetString());
        Assert.Equal($"{Issuer.Authority}/authorize", copy.RootElement.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{Issuer.Authority}/token", copy.RootElement.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{Issuer.Authority}/keys", copy.RootElement.GetProperty("jwks_uri").GetString());
        Assert.Equal(["S256"], copy.RootElement.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(method => method.GetString()));
        Assert.Equal([origin], resource.RootElement.GetProperty("authorization_servers").EnumerateArray().Select(server => server.GetString()));
    }

    [Fact]
    public async Task While_the_issuers_metadata_cannot_be_read_the_copy_says_to_come_back()
    {
        var (app, endpoint) = await StartServerAsync(publish: true, authority: $"http://127.0.0.1:{UnusedLoopbackPort.Next()}/{TestTokenIssuer.EntraTenantId}/v2.0");
        await using var _ = app;
        using var http = new HttpClient();

        using var copy = await http.GetAsync(new Uri(endpoint, "/.well-known/oauth-authorization-server"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, copy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), copy.Headers.RetryAfter?.Delta);
        Assert.Contains("cannot be read just now", await copy.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
