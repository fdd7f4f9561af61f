using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using RunwayRelay.Mcp.Transports.Http;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Microsoft Entra ID as the team's token issuer, on 127.0.0.1 with Entra's paths and metadata, minting tokens as Entra's
/// access token claims reference describes them: hosts must ask for the scope written with its resource (the endpoint's
/// URL, as the app registration's Application ID URI), while v2.0 tokens carry the name alone in <c>scp</c> and the API's
/// application id as <c>aud</c>. Settings that cannot work with Entra are said at start and fail <c>--check</c>.
/// </summary>
public sealed class MicrosoftEntraTests() : IssuerProductTests(IssuerProduct.MicrosoftEntra)
{
    private const string Audience = "https://mcp.example.test/mcp";
    private const string ScopeName = "runway.tasks.read";
    private const string Scope = $"{Audience}/{ScopeName}";
    // The API's application (client) id: Entra's v2.0 tokens name it as their audience.
    private const string ApplicationId = "3c9e7a51-8b2f-4d06-a1e4-7f5b0c2d9e18";
    private WebApplication app = null!;
    private Uri endpoint = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        (app, endpoint) = await McpHttpServerUnderTest.StartAsync(Settings(), logs: Logs);
    }

    public override async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await base.DisposeAsync();
    }

    // The settings the deployment README gives for Entra, with these changes.
    private Dictionary<string, string?> Settings(Dictionary<string, string?>? changes = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = Sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Authority"] = Issuer.Authority,
            ["Server:Auth:Audience"] = Audience,
            ["Server:Auth:AcceptedAudiences:0"] = ApplicationId,
            ["Server:Auth:Scopes:0"] = Scope,
            ["Server:Auth:PublishIssuerMetadata"] = "true",
        };
        foreach (var (key, value) in changes ?? [])
        {
            // Null: the setting left out.
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
        return settings;
    }

    [Fact]
    public async Task A_v2_token_with_the_scope_by_name_and_the_application_id_as_audience_reaches_the_relay()
    {
        var token = Issuer.Mint(ApplicationId, ScopeName, scopeClaim: "scp");
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        await Logs.WaitForAsync(line => line.Contains("signing key(s) of the token issuer", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains("do not fit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hosts_are_told_to_ask_for_the_scope_with_its_resource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();

        var metadata = await http.GetStringAsync(new Uri(endpoint, "/.well-known/oauth-protected-resource/mcp"), ct);
        using var unauthorized = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Contains($"\"scopes_supported\":[\"{Scope}\"]", metadata, StringComparison.Ordinal);
        Assert.Contains($"\"resource\":\"{Audience}\"", metadata, StringComparison.Ordinal);
        Assert.Contains($"scope=\"{Scope}\"", unauthorized.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Scope, ScopeName, true)]
    [InlineData($"api://{ApplicationId}/{ScopeName}", ScopeName, true)]
    [InlineData(Scope, Scope, true)]
    [InlineData(Scope, $"openid {ScopeName}x", false)]
    // Not written with a resource: the part before the slash is no URI.
    [InlineData("tasks/read", "read", false)]
    [InlineData(ScopeName, Scope, false)]
    public void A_scope_written_with_its_resource_is_held_by_its_name_alone(string required, string held, bool met)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("scp", held)], "test"));

        Assert.Equal(met, OAuthResourceServer.MissingScopes(user, [required]).Count == 0);
    }

    [Theory]
    // An application's own token (client credentials): Entra puts its granted permissions in roles.
    [InlineData("roles", ScopeName, true)]
    [InlineData("roles", $"other.role {ScopeName}", true)]
    [InlineData("roles", "runway.tasks.write", false)]
    // A user's token: roles are the user's assignments, not the scopes the host was given.
    [InlineData("scp", "openid", false)]
    public void An_application_token_holds_the_scope_as_an_app_role_of_its_name(string claim, string values, bool met)
    {
        Claim[] claims = [.. values.Split(' ').Select(value => new Claim(claim, value)), .. claim == "scp" ? [new Claim("roles", ScopeName)] : Array.Empty<Claim>()];
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));

        Assert.Equal(met, OAuthResourceServer.MissingScopes(user, [Scope]).Count == 0);
    }

    [Fact]
    public async Task An_agent_without_a_user_reaches_the_relay_with_an_application_token()
    {
        // The client credentials grant (the MCP extension SEP-1046): no scp, the app role granted to the agent's app.
        var token = Issuer.Mint(ApplicationId, ScopeName, scopeClaim: "roles");

        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Sandbox.Requests);
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals => new()
    {
        // Another of the API's scopes, not this one: the name alone counts only for the scope it names.
        { "other scope", HttpStatusCode.Forbidden, $"token lacks scope {Scope}" },
        // The name under another resource is not this server's scope.
        { "scope of another resource", HttpStatusCode.Forbidden, $"token lacks scope {Scope}" },
        // Another API's v2.0 token of the same tenant.
        { "other application", HttpStatusCode.Unauthorized, "token for another audience: 0b1d3f5a-7c9e-4a2b-8d6f-1e3a5c7b9d02" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_token_for_something_else_is_refused_saying_why(string kind, HttpStatusCode expected, string reason)
    {
        var token = kind switch
        {
            "other scope" => Issuer.Mint(ApplicationId, "runway.tasks.write", scopeClaim: "scp"),
            "scope of another resource" => Issuer.Mint(ApplicationId, $"https://other.example.test/{ScopeName}", scopeClaim: "scp"),
            "other application" => Issuer.Mint("0b1d3f5a-7c9e-4a2b-8d6f-1e3a5c7b9d02", ScopeName, scopeClaim: "scp"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(Sandbox.Requests);
        await Logs.WaitForAsync(line => line.Contains($"Refused POST /mcp from 127.0.0.1: {(int)expected}, {reason}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_v1_token_is_refused_naming_the_manifest_setting_that_makes_v2_ones()
    {
        // Entra issues v1.0 tokens unless the API's app registration asks for v2.0 ones.
        var token = Issuer.Mint(Audience, ScopeName, issuer: $"https://sts.windows.net/{TestTokenIssuer.EntraTenantId}/", scopeClaim: "scp");

        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Logs.WaitForAsync(line => line.Contains($"token from another issuer: https://sts.windows.net/{TestTokenIssuer.EntraTenantId}/ (Server:Auth:Authority is {Issuer.Authority}); a Microsoft Entra v1.0 token: set requestedAccessTokenVersion to 2 in the manifest of the API's app registration", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_the_application_id_accepted_a_v2_token_is_refused_naming_the_setting()
    {
        var startLogs = new CapturedLogs();
        var (second, secondEndpoint) = await McpHttpServerUnderTest.StartAsync(Settings(new() { ["Server:Auth:AcceptedAudiences:0"] = null }), logs: startLogs);
        await using var _ = second;

        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(secondEndpoint, new() { ["Authorization"] = $"Bearer {Issuer.Mint(ApplicationId, ScopeName, scopeClaim: "scp")}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await startLogs.WaitForAsync(line => line.Contains($"token for another audience: {ApplicationId} (Server:Auth:Audience is {Audience}); if that id is this server's app registration", StringComparison.Ordinal)
            && line.Contains("add it as Server:Auth:AcceptedAudiences:0", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    public static TheoryData<string, string?, string> SettingsThatCannotWork => new()
    {
        // Hosts would ask Entra for Microsoft Graph's scope of that name.
        { "Server:Auth:Scopes:0", ScopeName, $"Microsoft Entra reads the scope {ScopeName} as one of Microsoft Graph's (graph.microsoft.com), not this server's: write it as {Scope}" },
        // Hosts send the endpoint's URL as the resource; Entra refuses a scope of another one.
        { "Server:Auth:Scopes:0", $"api://{ApplicationId}/{ScopeName}", $"Microsoft Entra refuses a sign-in for the scope api://{ApplicationId}/{ScopeName}, of another resource than the one hosts ask for ({Audience}; AADSTS9010010): write it as {Scope}" },
        { "Server:Auth:Scopes:0", null, $"Microsoft Entra signs users in for an API through one of its scopes: expose a scope on the app registration whose Application ID URI is {Audience}, and set Server:Auth:Scopes:0 to {Audience}/<scope>." },
        { "Server:Auth:AcceptedAudiences:0", null, "Microsoft Entra's v2.0 tokens carry the API's application (client) id as aud, not its URL: every token would be refused. Set Server:Auth:AcceptedAudiences:0" },
    };

    [Theory]
    [MemberData(nameof(SettingsThatCannotWork))]
    public async Task Settings_that_cannot_work_with_Entra_are_said_at_start_and_fail_the_check(string setting, string? value, string problem)
    {
        var startLogs = new CapturedLogs();
        var (second, _) = await McpHttpServerUnderTest.StartAsync(Settings(new() { [setting] = value }), logs: startLogs);
        await using var _ = second;

        await startLogs.WaitForAsync(line => line.Contains($"The token issuer and the settings do not fit: {problem}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var (exit, said) = await CheckAsync(Settings(new() { [setting] = value }));
        Assert.Equal(1, exit);
        Assert.Contains($"Problem: {problem}", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_passes_the_settings_the_deployment_readme_gives()
    {
        var (exit, said) = await CheckAsync(Settings());

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Problem:", said, StringComparison.Ordinal);
        // Entra offers hosts no client registration of their own.
        Assert.Contains("Note: the issuer's metadata offers hosts no way to register themselves", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_without_pkce_is_said_at_start_and_noted_by_the_check_with_the_setting_that_publishes_it()
    {
        // Entra's metadata leaves out code_challenge_methods_supported, and hosts that follow the spec stop there; VS
        // Code signs in to Entra its own way, so it is a choice to point out, not a failure.
        const string said = "the issuer's metadata does not list S256 in code_challenge_methods_supported, and hosts that follow the MCP authorization spec (2025-11-25) refuse to sign users in with it";
        var startLogs = new CapturedLogs();
        var (second, _) = await McpHttpServerUnderTest.StartAsync(Settings(new() { ["Server:Auth:PublishIssuerMetadata"] = null }), logs: startLogs);
        await using var _ = second;

        await startLogs.WaitForAsync(line => line.Contains($"Signing users in: {said}", StringComparison.Ordinal) && line.Contains("set Server:Auth:PublishIssuerMetadata=true", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var (exit, output) = await CheckAsync(Settings(new() { ["Server:Auth:PublishIssuerMetadata"] = null }));
        Assert.Equal(0, exit);
        Assert.Contains($"Note: {said}", output, StringComparison.Ordinal);
        // Published from here, hosts read metadata that lists it: nothing to say.
        var (_, published) = await CheckAsync(Settings());
        Assert.DoesNotContain("code_challenge_methods_supported", published, StringComparison.Ordinal);
        await Logs.WaitForAsync(line => line.Contains("signing key(s) of the token issuer", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains("code_challenge_methods_supported", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_authority_for_many_tenants_fails_the_check_naming_the_tenants_own()
    {
        var (exit, said) = await CheckAsync(Settings(new() { ["Server:Auth:Authority"] = Issuer.EntraManyTenantsAuthority }));

        Assert.Equal(1, exit);
        Assert.Contains("Problem: Server:Auth:Authority is a Microsoft Entra endpoint for many tenants, whose metadata names a template, not an issuer (", said, StringComparison.Ordinal);
        Assert.Contains("set it to your tenant's, https://login.microsoftonline.com/<tenant-id>/v2.0.", said, StringComparison.Ordinal);
        // Not the advice to set the authority to the template.
        Assert.DoesNotContain("Set Server:Auth:Authority to", said, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Said)> CheckAsync(Dictionary<string, string?> settings)
    {
        settings["Server:Transport"] = "Http";
        return McpHttpServerUnderTest.CheckAsync(settings);
    }
}
