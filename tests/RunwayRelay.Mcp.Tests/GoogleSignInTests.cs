namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Google's own sign-in set as the issuer: an OpenID issuer with published keys, so nothing else would stop it, whose
/// access tokens are opaque and for Google's APIs alone (tuannvm/oauth-mcp-proxy#16). Start and <c>--check</c> say so
/// before any user finds out, and a Google access token is refused by name. The metadata is Google's shape, read from
/// 127.0.0.1; Google is not reached.
/// </summary>
public sealed class GoogleSignInTests() : IssuerProductTests(IssuerProduct.Google)
{

    private Dictionary<string, string?> Settings(string origin) => new()
    {
        ["Server:Urls"] = origin,
        ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
        ["Server:Auth:Authority"] = Issuer.Authority,
        ["Server:Auth:MetadataAddress"] = Issuer.OpenIdMetadataAddress,
        ["Server:Auth:Audience"] = $"{origin}/mcp",
    };

    private const string Why = "Server:Auth:Authority is Google's own sign-in (https://accounts.google.com), whose access tokens are opaque (ya29.…) and for Google's APIs alone";

    [Fact]
    public async Task The_check_fails_saying_to_broker_google_through_an_issuer_of_ones_own()
    {
        var settings = Settings("http://127.0.0.1:3001");
        settings["Server:Transport"] = "Http";

        var (exit, said) = await McpHttpServerUnderTest.CheckAsync(settings);

        Assert.Equal(1, exit);
        Assert.Contains($"Problem: {Why}", said, StringComparison.Ordinal);
        Assert.Contains("a Keycloak realm with Google as an identity provider or an Auth0 tenant with its Google social connection", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_warns_and_a_google_access_token_is_refused_by_name()
    {
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(Settings($"http://127.0.0.1:{UnusedLoopbackPort.Next()}"), logs: Logs);
        await using var _ = app;
        await Logs.WaitForAsync(line => line.Contains($"The token issuer and the settings do not fit: {Why}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        // The shape of Google's access tokens: its prefix, then letters, digits, '-' and '_'.
        var token = "ya29.a0AfB_byC" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(60));

        using var refused = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        await Logs.WaitForAsync(line => line.Contains("401, a Google access token (ya29.…), opaque and for Google's APIs alone: sign users in through an issuer that brokers Google", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(token[5..], StringComparison.Ordinal));
        Assert.Empty(Sandbox.Requests);
    }
}
