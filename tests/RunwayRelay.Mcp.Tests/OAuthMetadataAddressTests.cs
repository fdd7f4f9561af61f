using System.Net;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// An issuer that publishes OAuth metadata (RFC 8414) and no OpenID discovery document, which the MCP authorization spec
/// allows: its tokens are checked once Server:Auth:MetadataAddress points at that metadata, and without it the server
/// says so at start and every call is refused with a log line that says why.
/// </summary>
public sealed class OAuthMetadataAddressTests : IAsyncLifetime
{
    private const string Audience = "https://mcp.example.test/mcp";
    private const string Scope = "runway.tasks.read";
    private SandboxRelay sandbox = null!;
    private TestTokenIssuer issuer = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: ct);
        issuer = await TestTokenIssuer.StartAsync(ct, openIdDiscovery: false);
    }

    public async ValueTask DisposeAsync()
    {
        await issuer.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task With_the_metadata_address_a_valid_token_reaches_the_relay()
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await StartServerAsync(issuer.OAuthMetadataAddress, logs);
        await using var _ = app;
        // Read once at start, so a wrong address shows before the first caller's 401.
        await logs.WaitForAsync(line => line.Contains($"Read 1 signing key(s) of the token issuer from {issuer.OAuthMetadataAddress}.", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var token = issuer.Mint(Audience, Scope);
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.Single(sandbox.Requests);
    }

    [Fact]
    public async Task Without_it_the_call_is_refused_and_the_log_names_the_metadata()
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await StartServerAsync(metadataAddress: null, logs);
        await using var _ = app;
        await logs.WaitForAsync(line => line.Contains($"Cannot read the token issuer's metadata at {issuer.Authority}/.well-known/openid-configuration", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new()
        {
            ["Authorization"] = $"Bearer {issuer.Mint(Audience, Scope)}",
            ["X-Relay-Key"] = "sk-sandbox-agent-7",
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(sandbox.Requests);
        await logs.WaitForAsync(line => line.Contains("Refused POST /mcp from 127.0.0.1: 401, no signing keys from the issuer", StringComparison.Ordinal) && line.Contains("Server:Auth:MetadataAddress", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("https://login.example.test/realms/agents", "not a url", "Server:Auth:MetadataAddress has 'not a url'")]
    [InlineData("https://login.example.test/realms/agents", "http://login.example.test/.well-known/oauth-authorization-server/realms/agents", "Server:Auth:MetadataAddress must use https")]
    [InlineData(null, "https://login.example.test/.well-known/oauth-authorization-server", "Server:Auth:MetadataAddress needs Server:Auth:Authority, the issuer of the tokens: set it, or leave it out.")]
    public void A_metadata_address_that_cannot_work_is_named_at_start(string? authority, string metadataAddress, string problem)
    {
        var server = new ServerOptions { Transport = McpTransport.Http };
        server.Auth.Authority = authority;
        server.Auth.Audience = authority is null ? null : Audience;
        server.Auth.MetadataAddress = metadataAddress;

        Assert.Contains(server.Validate(), p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    private Task<(Microsoft.AspNetCore.Builder.WebApplication App, Uri Endpoint)> StartServerAsync(string? metadataAddress, CapturedLogs logs) =>
        McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
                ["Server:Auth:Authority"] = issuer.Authority,
                ["Server:Auth:Audience"] = Audience,
                ["Server:Auth:Scopes:0"] = Scope,
                ["Server:Auth:MetadataAddress"] = metadataAddress,
            },
            logs: logs);
}
