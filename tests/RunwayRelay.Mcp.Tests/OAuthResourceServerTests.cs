using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The HTTP transport as an OAuth 2.1 resource server, against an issuer on 127.0.0.1 whose keys the JWT bearer handler
/// fetches as it would from a real one: valid tokens reach the relay, every kind of bad token is refused before it.
/// </summary>
public sealed class OAuthResourceServerTests : IAsyncLifetime
{
    private const string Audience = "https://mcp.example.test/mcp";
    private const string Scope = "runway.tasks.read";
    private readonly CapturedLogs logs = new();
    private SandboxRelay sandbox = null!;
    private TestTokenIssuer issuer = null!;
    private WebApplication app = null!;
    private Uri endpoint = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: ct);
        issuer = await TestTokenIssuer.StartAsync(ct);
        (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
                ["Server:Auth:Authority"] = issuer.Authority,
                ["Server:Auth:Audience"] = Audience,
                ["Server:Auth:Scopes:0"] = Scope,
            },
            logs: logs);
    }

    // A second server beside this class's, on the same issuer and sandbox, its start-up lines in their own capture.
    private Task<(WebApplication App, Uri Endpoint)> StartSecondServerAsync(string authority, CapturedLogs startLogs) =>
        McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
                ["Server:Auth:Authority"] = authority,
                ["Server:Auth:Audience"] = Audience,
            },
            logs: startLogs);

    // The server as it ships, as a process against this class's issuer and its own sandbox, once it listens and has read the keys.
    private async Task<(ServerProcess Server, Uri Endpoint)> StartProcessAsync(Dictionary<string, string?> environment)
    {
        var port = UnusedLoopbackPort.Next();
        var processEndpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        environment["Server__Auth__Authority"] = issuer.Authority;
        environment["Server__Auth__Audience"] = processEndpoint.AbsoluteUri;
        var server = ServerProcess.StartWith(environment, "--sandbox", "--http", $"--Server:Urls=http://127.0.0.1:{port}");
        // The keys are read beside the start, not before the listener: both lines, in either order.
        if (!await server.WaitForStderrAsync("Read 1 signing key(s) of the token issuer", CapturedLogs.Patience, TestContext.Current.CancellationToken)
            || !await server.WaitForStderrAsync("MCP over Streamable HTTP", CapturedLogs.Patience, TestContext.Current.CancellationToken))
        {
            var said = string.Join("\n", server.Stderr);
            await server.DisposeAsync();
            Assert.Fail(said);
        }
        return (server, processEndpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await issuer.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_valid_token_reaches_the_relay_with_the_callers_own_key()
    {
        var token = issuer.Mint(Audience, $"openid {Scope}");
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.True(Assert.Single(sandbox.Requests).CarriedKey);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(token.Split('.')[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_per_caller_wait_cap_counts_each_signed_in_user_apart_though_they_share_an_address_and_a_relay_key()
    {
        // A team behind one office address, all sending the team's relay key: the token's sub says who is calling.
        var ct = TestContext.Current.CancellationToken;
        var (capped, cappedEndpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Authority"] = issuer.Authority,
            ["Server:Auth:Audience"] = Audience,
            ["Wait:MaxConcurrentWaitsPerCaller"] = "1",
        });
        await using var _ = capped;
        Task<ModelContextProtocol.Client.McpClient> ConnectAsAsync(string user) => McpHttpServerUnderTest.ConnectAsync(cappedEndpoint, new()
        {
            ["Authorization"] = $"Bearer {issuer.Mint(Audience, Scope, subject: user)}",
            ["X-Relay-Key"] = "sk-sandbox-team",
        });
        await using var alice = await ConnectAsAsync("alice");
        await using var aliceAgain = await ConnectAsAsync("alice");
        await using var bob = await ConnectAsAsync("bob");
        // Alice's first wait holds her slot once its first poll is reported.
        await using var holding = await HeldWait.StartAsync(alice, ct);

        var bobs = await bob.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant", ["timeout_seconds"] = 30 }, cancellationToken: ct);
        var alicesSecond = await aliceAgain.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant", ["timeout_seconds"] = 30 }, cancellationToken: ct);

        Assert.Equal("SUCCEEDED", bobs.Structured().GetProperty("status").GetString());
        Assert.Equal("too_many_waits", alicesSecond.ErrorKind());
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_issuer_added_since_start_is_accepted_on_its_first_call()
    {
        // The server as it ships, as a process: the behaviour rests on its runtime configuration.
        var (server, processEndpoint) = await StartProcessAsync([]);
        await using var _ = server;
        var headers = new Dictionary<string, string> { ["X-Relay-Key"] = "sk-sandbox-agent-7", ["Authorization"] = $"Bearer {issuer.Mint(processEndpoint.AbsoluteUri, Scope)}" };
        using (var before = await McpHttpServerUnderTest.PostGetVideoTaskAsync(processEndpoint, headers))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Keycloak, for one, signs with a new key as soon as it is added: the server has not read it yet.
        issuer.RotateKey();
        headers["Authorization"] = $"Bearer {issuer.Mint(processEndpoint.AbsoluteUri, Scope)}";
        using var first = await McpHttpServerUnderTest.PostGetVideoTaskAsync(processEndpoint, headers);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.DoesNotContain(server.Stderr, line => line.Contains("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_scopes_in_the_log_each_line_of_a_call_names_the_signed_in_user()
    {
        // The server as it ships, as a process, its JSON lines with the logging framework's scopes, as a collector takes them.
        var ct = TestContext.Current.CancellationToken;
        var (server, processEndpoint) = await StartProcessAsync(new()
        {
            ["Server__Auth__Scopes__0"] = Scope,
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        });
        await using var _ = server;
        var token = issuer.Mint(processEndpoint.AbsoluteUri, Scope, subject: "alice@example.test");

        using var call = await McpHttpServerUnderTest.PostGetVideoTaskAsync(processEndpoint, new() { ["X-Relay-Key"] = "sk-sandbox-agent-7", ["Authorization"] = $"Bearer {token}" });

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.True(await server.WaitForStderrAsync("get_video_task demo-instant: SUCCEEDED", CapturedLogs.Patience, ct), string.Join("\n", server.Stderr));
        AssertNamesUser(server.Stderr.Single(line => line.Contains("get_video_task demo-instant: SUCCEEDED", StringComparison.Ordinal)), "alice@example.test");
        // A valid token without the scope: who lacks it.
        var unscoped = issuer.Mint(processEndpoint.AbsoluteUri, "openid", subject: "bob@example.test");
        using var refused = await McpHttpServerUnderTest.PostGetVideoTaskAsync(processEndpoint, new() { ["X-Relay-Key"] = "sk-sandbox-agent-7", ["Authorization"] = $"Bearer {unscoped}" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(await server.WaitForStderrAsync("403, token lacks scope", CapturedLogs.Patience, ct), string.Join("\n", server.Stderr));
        AssertNamesUser(server.Stderr.Single(line => line.Contains("403, token lacks scope", StringComparison.Ordinal)), "bob@example.test");
        Assert.DoesNotContain(server.Stderr, line => line.Contains(token.Split('.')[2], StringComparison.Ordinal) || line.Contains(unscoped.Split('.')[2], StringComparison.Ordinal));
    }

    private static void AssertNamesUser(string jsonLine, string user)
    {
        using var line = JsonDocument.Parse(jsonLine);
        Assert.Contains(line.RootElement.GetProperty("Scopes").EnumerateArray(), scope => scope.ValueKind == JsonValueKind.Object
            && scope.TryGetProperty("User", out var named) && named.GetString() == user);
    }

    [Theory]
    [InlineData("openid runway.tasks.read", HttpStatusCode.OK)]
    [InlineData("openid", HttpStatusCode.Forbidden)]
    public async Task Scopes_in_scp_as_a_json_array_as_okta_writes_them_are_read(string scopes, HttpStatusCode expected)
    {
        var token = issuer.Mint(Audience, scopes, scopeClaim: "scp", scopesAsArray: true);
        Assert.StartsWith("[", new JsonWebToken(token).GetPayloadValue<JsonElement>("scp").GetRawText(), StringComparison.Ordinal);

        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_an_ecdsa_key_is_accepted()
    {
        // ES256 on P-256: what Keycloak, for one, signs with when a realm is set to it.
        issuer.RotateKey(ecdsa: true);
        var token = issuer.Mint(Audience, Scope);
        Assert.Equal("ES256", new JsonWebToken(token).Alg);

        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = "sk-sandbox-agent-7" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(sandbox.Requests);
    }

    [Fact]
    public async Task An_issuer_that_stops_answering_holds_a_call_for_a_new_key_briefly_and_known_keys_still_serve()
    {
        var known = issuer.Mint(Audience, Scope);
        var headers = new Dictionary<string, string> { ["X-Relay-Key"] = "sk-sandbox-agent-7", ["Authorization"] = $"Bearer {known}" };
        using (var before = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, headers))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        issuer.RotateKey();
        issuer.KeysUnanswered = true;

        // The keys are read again for the new key, and that read gives up after the server's bound (the JWT handler's
        // own is a minute, past the patience); the token it could not check is refused.
        headers["Authorization"] = $"Bearer {issuer.Mint(Audience, Scope)}";
        using (var unknownKey = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, headers).WaitAsync(CapturedLogs.Patience, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknownKey.StatusCode);
        }
        await logs.WaitForAsync(line => line.Contains("Refused POST /mcp from 127.0.0.1: 401, token signed with a key the issuer does not publish", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        headers["Authorization"] = $"Bearer {known}";
        using var knownKey = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, headers);
        Assert.Equal(HttpStatusCode.OK, knownKey.StatusCode);
    }

    [Fact]
    public async Task An_authority_spelled_otherwise_than_the_issuer_spells_itself_is_named_at_start()
    {
        // The issuer calls itself ".../realms/agents"; the trailing slash is the usual difference, and tokens still pass.
        var startLogs = new CapturedLogs();
        var (slashed, slashedEndpoint) = await StartSecondServerAsync($"{issuer.Authority}/", startLogs);
        await using var _ = slashed;

        await startLogs.WaitForAsync(line => line.Contains($"The token issuer's metadata gives its issuer as {issuer.Authority}, but Server:Auth:Authority is {issuer.Authority}/", StringComparison.Ordinal)
            && line.Contains($"Set Server:Auth:Authority to {issuer.Authority}.", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        using (var call = await McpHttpServerUnderTest.PostGetVideoTaskAsync(slashedEndpoint, new() { ["Authorization"] = $"Bearer {issuer.Mint(Audience, Scope)}", ["X-Relay-Key"] = "sk-sandbox-agent-7" }))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }
        // Spelled as the issuer does (this class's own server), it is not.
        await logs.WaitForAsync(line => line.Contains("signing key(s) of the token issuer", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("The token issuer's metadata gives its issuer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_issuer_that_publishes_no_keys_is_named_at_start()
    {
        issuer.PublishesNoKeys = true;
        var startLogs = new CapturedLogs();
        var (keyless, _) = await StartSecondServerAsync(issuer.Authority, startLogs);
        await using var _ = keyless;

        await startLogs.WaitForAsync(line => line.Contains($"The token issuer publishes no signing keys (metadata at {issuer.Authority}/.well-known/openid-configuration): every call will be refused with 401", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(startLogs.Lines, line => line.Contains("Read 0 signing key(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_issuer_that_offers_hosts_no_way_to_register_is_said_at_start_and_one_that_does_is_not()
    {
        // This class's server reads an issuer without client registration; a second one reads it offering DCR.
        await logs.WaitForAsync(line => line.Contains("Signing users in: the issuer's metadata offers hosts no way to register themselves", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        issuer.OffersDynamicRegistration = true;
        var startLogs = new CapturedLogs();
        var (registering, _) = await StartSecondServerAsync(issuer.Authority, startLogs);
        await using var _ = registering;

        await startLogs.WaitForAsync(line => line.Contains("Read 1 signing key(s) of the token issuer", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(startLogs.Lines, line => line.Contains("Signing users in:", StringComparison.Ordinal));
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals => new()
    {
        { "none", HttpStatusCode.Unauthorized, "no bearer token" },
        { "expired", HttpStatusCode.Unauthorized, "token expired" },
        // Valid only from an hour on: beyond any clock skew the handler allows.
        { "not yet valid", HttpStatusCode.Unauthorized, "token not yet valid" },
        // Named with what the token holds (checked after its signature: the issuer's words, not a caller's) beside the setting.
        { "wrong audience", HttpStatusCode.Unauthorized, $"token for another audience: https://other.example.test/mcp (Server:Auth:Audience is {Audience})" },
        // Okta's default authorization server names every token so until its audience is set.
        { "okta's default audience", HttpStatusCode.Unauthorized, $"token for another audience: api://default (Server:Auth:Audience is {Audience}); that is the audience of Okta's default authorization server: set its audience to {Audience}" },
        { "wrong issuer", HttpStatusCode.Unauthorized, "token from another issuer: https://login.example.test/realms/agents (Server:Auth:Authority is http://127.0.0.1:" },
        { "bad signature", HttpStatusCode.Unauthorized, "token signature not valid" },
        // A key id the issuer does not publish, even after its keys are read again: another issuer's key, say.
        { "unknown key", HttpStatusCode.Unauthorized, "token signed with a key the issuer does not publish" },
        { "alg none", HttpStatusCode.Unauthorized, "token signature not valid" },
        { "hmac with the public key", HttpStatusCode.Unauthorized, "token signature not valid" },
        { "garbage", HttpStatusCode.Unauthorized, "malformed token" },
        // What Auth0 gives a host whose sign-in named no API it knows: its resource parameter unread.
        { "opaque", HttpStatusCode.Unauthorized, "opaque token, not a JWT (a relay key goes in X-Relay-Key): an issuer gives one for a sign-in that named no API it knows; Auth0 does unless its Resource Parameter Compatibility Profile is on" },
        { "encrypted", HttpStatusCode.Unauthorized, "encrypted token (JWE), which this server cannot read: turn off the encryption of this API's tokens at the issuer" },
        // A valid token without the scope: 403 with insufficient_scope, as RFC 6750 §3.1 and the MCP spec say.
        { "missing scope", HttpStatusCode.Forbidden, "token lacks scope runway.tasks.read" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_token_is_refused_before_the_relay_and_never_logged(string kind, HttpStatusCode expected, string reason)
    {
        using var otherKey = RSA.Create(2048);
        var token = kind switch
        {
            "none" => null,
            "expired" => issuer.Mint(Audience, Scope, expiresIn: TimeSpan.FromMinutes(-10)),
            "not yet valid" => issuer.Mint(Audience, Scope, startsIn: TimeSpan.FromHours(1)),
            "wrong audience" => issuer.Mint("https://other.example.test/mcp", Scope),
            "okta's default audience" => issuer.Mint("api://default", Scope),
            "wrong issuer" => issuer.Mint(Audience, Scope, issuer: "https://login.example.test/realms/agents"),
            "bad signature" => issuer.Mint(Audience, Scope, signWith: otherKey),
            "unknown key" => issuer.Mint(Audience, Scope, signWith: otherKey, keyId: "another-issuers-key"),
            "alg none" => issuer.MintUnsigned(Audience, Scope),
            "hmac with the public key" => issuer.MintHmacWithPublicKey(Audience, Scope),
            "garbage" => "not.a.token",
            "opaque" => TestTokenIssuer.OpaqueToken(),
            "encrypted" => issuer.MintEncrypted(Audience, Scope),
            "missing scope" => issuer.Mint(Audience, "openid"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var headers = new Dictionary<string, string> { ["X-Relay-Key"] = "sk-sandbox-agent-7" };
        if (token is not null)
        {
            headers["Authorization"] = $"Bearer {token}";
        }

        using var response = await McpHttpServerUnderTest.PostGetVideoTaskAsync(endpoint, headers);

        Assert.Equal(expected, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer", challenge, StringComparison.Ordinal);
        Assert.Contains("resource_metadata=\"", challenge, StringComparison.Ordinal);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
            Assert.Contains($"scope=\"{Scope}\"", challenge, StringComparison.Ordinal);
            var (code, message) = await McpHttpServerUnderTest.ReadRefusalAsync(response);
            Assert.Equal(-32001, code);
            Assert.Contains($"lacks the scope(s) {Scope}", message, StringComparison.Ordinal);
        }
        else
        {
            // The scopes to ask for (the MCP spec's SHOULD), and invalid_token only when a token came (RFC 6750 §3.1).
            Assert.Contains($"scope=\"{Scope}\"", challenge, StringComparison.Ordinal);
            Assert.Equal(token is not null, challenge.Contains("error=\"invalid_token\"", StringComparison.Ordinal));
            Assert.DoesNotContain("error=", challenge.Replace("error=\"invalid_token\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
            var (code, message) = await McpHttpServerUnderTest.ReadRefusalAsync(response);
            Assert.Equal(-32001, code);
            Assert.StartsWith("An access token is required (Authorization: Bearer <token>)", message, StringComparison.Ordinal);
        }
        Assert.Empty(sandbox.Requests);
        await logs.WaitForAsync(line => line.Contains($"Refused POST /mcp from 127.0.0.1: {(int)expected}, {reason}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        if (token is not null)
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource")]
    [InlineData("/.well-known/oauth-protected-resource/mcp")]
    public async Task The_metadata_document_says_what_the_settings_say(string path)
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(endpoint, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Audience, metadata.RootElement.GetProperty("resource").GetString());
        Assert.Equal([issuer.Authority], metadata.RootElement.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([Scope], metadata.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    // A balancer on this machine (as CI's HAProxy) is trusted by default, as ASP.NET Core has it.
    [InlineData(null, "https")]
    // Only the listed balancers are: the header from anyone else changes nothing.
    [InlineData("10.9.9.9", "http")]
    [InlineData("10.0.0.0/8", "http")]
    // IPv6 loopback is trusted by default as well; a list replaces that trust too.
    [InlineData(null, "https", "[::1]")]
    [InlineData("10.9.9.9", "http", "[::1]")]
    public async Task Behind_a_balancer_that_ends_tls_the_challenge_and_metadata_say_https_and_logs_name_the_caller(string? trustedProxy, string scheme, string loopback = "127.0.0.1")
    {
        var ct = TestContext.Current.CancellationToken;
        var proxiedLogs = new CapturedLogs();
        var (proxied, proxiedEndpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Authority"] = issuer.Authority,
            ["Server:Auth:Audience"] = Audience,
            ["Server:TrustedProxies:0"] = trustedProxy,
            ["Server:Urls"] = $"http://{loopback}:0",
        }, logs: proxiedLogs);
        await using var _ = proxied;
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "203.0.113.7" };

        using var refused = await McpHttpServerUnderTest.PostGetVideoTaskAsync(proxiedEndpoint, forwarded);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var metadataUrl = $"{scheme}://{proxiedEndpoint.Authority}/.well-known/oauth-protected-resource/mcp";
        Assert.Contains($"resource_metadata=\"{metadataUrl}\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        // The refusal names the caller the balancer forwarded, when the balancer is trusted.
        var caller = scheme == "https" ? "203.0.113.7" : loopback.Trim('[', ']');
        await proxiedLogs.WaitForAsync(line => line.Contains($"Refused POST /mcp from {caller}: 401, no bearer token", StringComparison.Ordinal), ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxiedEndpoint, "/.well-known/oauth-protected-resource/mcp"));
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var metadata = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Contains(Audience, await metadata.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_proxy_that_is_not_an_address_or_network_is_named_at_start()
    {
        var server = new ServerOptions { Transport = McpTransport.Http };
        server.TrustedProxies.Add("balancer.internal");

        Assert.Contains("Server:TrustedProxies has 'balancer.internal', which is neither an IP address (10.0.0.5) nor a network (10.0.0.0/8).", server.Validate());
    }

    [Fact]
    public void A_shared_token_and_an_issuer_together_are_a_start_up_problem()
    {
        var server = new ServerOptions { Transport = McpTransport.Http, BearerToken = "shared-token-0123456789" };
        server.Auth.Authority = "https://login.example.test/realms/agents";
        server.Auth.Audience = Audience;

        Assert.Contains(server.Validate(), p => p.StartsWith("Server:BearerToken and Server:Auth:Authority both protect the endpoint", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://login.example.test/realms/agents", Audience, "Server:Auth:Authority must use https")]
    [InlineData("login.example.test", Audience, "Server:Auth:Authority has 'login.example.test'")]
    [InlineData("https://login.example.test", null, "Server:Auth:Audience is missing")]
    [InlineData("https://login.example.test", "api://runway", "Server:Auth:Audience has 'api://runway'")]
    [InlineData(null, Audience, "Server:Auth:Audience needs Server:Auth:Authority, the issuer of the tokens: set it, or leave it out.")]
    public void Issuer_settings_that_cannot_work_are_named_at_start(string? authority, string? audience, string problem)
    {
        var server = new ServerOptions { Transport = McpTransport.Http };
        server.Auth.Authority = authority;
        server.Auth.Audience = audience;

        Assert.Contains(server.Validate(), p => p.StartsWith(problem, StringComparison.Ordinal));
    }
}
