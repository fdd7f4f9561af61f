using Microsoft.Extensions.Options;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// <c>--check</c> of a team's HTTP server, built as the product builds it and not started: the settings validated as
/// start validates them, the relay read without a key when callers bring theirs, and the token issuer read as the JWT
/// bearer handler reads it (a real issuer on 127.0.0.1).
/// </summary>
public sealed class CheckCommandTests : IAsyncLifetime
{
    private const string Audience = "https://mcp.example.test/mcp";
    private SandboxRelay sandbox = null!;
    private TestTokenIssuer issuer = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: ct);
        issuer = await TestTokenIssuer.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await issuer.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_team_server_whose_callers_bring_keys_passes_with_the_relay_and_the_issuer_checked()
    {
        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority });

        Assert.Equal(0, exit);
        // No configured key, as a team's server has none: the relay is read once, without one.
        Assert.Contains("OK: the relay answered HTTP 401 without a key: the address reaches an endpoint that checks keys.", said, StringComparison.Ordinal);
        var request = Assert.Single(sandbox.Requests);
        Assert.False(request.CarriedKey);
        Assert.Contains($"from {issuer.Authority}/.well-known/openid-configuration", said, StringComparison.Ordinal);
        Assert.Contains($"OK: the issuer {issuer.Authority} publishes 1 signing key(s)", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issuer_that_offers_hosts_no_way_to_register_is_noted_without_failing()
    {
        // Pre-registered clients are the MCP spec's first choice, so this is a deployment choice, not a fault.
        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority });

        Assert.Equal(0, exit);
        Assert.Contains("Note: the issuer's metadata offers hosts no way to register themselves (neither client_id_metadata_document_supported nor a registration_endpoint open to them): each host needs a client registered at the issuer by hand", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, "Hosts can register themselves with the issuer: Dynamic Client Registration.")]
    [InlineData(false, true, "Hosts can register themselves with the issuer: Client ID Metadata Documents.")]
    [InlineData(true, true, "Hosts can register themselves with the issuer: Client ID Metadata Documents, Dynamic Client Registration.")]
    public async Task The_ways_hosts_can_register_with_the_issuer_are_named(bool dynamicRegistration, bool metadataDocuments, string line)
    {
        issuer.OffersDynamicRegistration = dynamicRegistration;
        issuer.OffersMetadataDocuments = metadataDocuments;

        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority });

        Assert.Equal(0, exit);
        Assert.Contains(line, said, StringComparison.Ordinal);
        Assert.DoesNotContain("Note:", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authority_spelled_otherwise_than_the_issuer_names_itself_fails_and_names_the_value_to_set()
    {
        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority + "/" });

        Assert.Equal(1, exit);
        Assert.Contains($"Problem: the issuer names itself {issuer.Authority}, but Server:Auth:Authority is {issuer.Authority}/", said, StringComparison.Ordinal);
        Assert.Contains($"Set Server:Auth:Authority to {issuer.Authority}.", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authority_spelled_otherwise_is_no_problem_when_the_issuers_metadata_is_published_from_here()
    {
        // Hosts then read the copy, which names this server as the issuer, never the authority.
        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority + "/", ["Server:Auth:PublishIssuerMetadata"] = "true" });

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Problem:", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issuer_that_publishes_no_keys_fails()
    {
        issuer.PublishesNoKeys = true;

        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority });

        Assert.Equal(1, exit);
        Assert.Contains("Problem: the issuer publishes no signing keys: every call would be refused with 401.", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_of_an_issuer_is_listed_at_once()
    {
        issuer.PublishesNoKeys = true;

        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority + "/" });

        Assert.Equal(1, exit);
        Assert.Contains("Problem: the issuer publishes no signing keys", said, StringComparison.Ordinal);
        Assert.Contains($"Problem: the issuer names itself {issuer.Authority}, but", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issuer_that_cannot_be_read_fails_and_says_why_and_the_relay_is_still_checked()
    {
        var nowhere = $"http://127.0.0.1:{UnusedLoopbackPort.Next()}/realms/agents";

        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = nowhere });

        Assert.Equal(1, exit);
        Assert.Contains("OK: the relay answered HTTP 401 without a key", said, StringComparison.Ordinal);
        Assert.Contains($"from {nowhere}/.well-known/openid-configuration", said, StringComparison.Ordinal);
        Assert.Contains("Problem: cannot read them (Connection refused", said, StringComparison.Ordinal);
        Assert.Contains("Check Server:Auth:Authority", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issuer_that_does_not_answer_is_said_to_time_out()
    {
        // Held for the JWT handler's 10-second read timeout: its own words were "Operation canceled".
        issuer.KeysUnanswered = true;

        var (exit, said) = await CheckAsync(new() { ["Server:Auth:Authority"] = issuer.Authority });

        Assert.Equal(1, exit);
        Assert.Contains("Problem: cannot read them (no answer within 10 s): every call would be refused with 401. Check that this machine reaches the issuer", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_access_tokens_no_issuer_is_read()
    {
        var (exit, said) = await CheckAsync([]);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("token issuer", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_start_would_refuse_are_refused_before_anything_is_read()
    {
        // A setting of another section than the relay's: the check once bound the relay's alone and passed this.
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CheckAsync(new()
        {
            ["Server:Auth:Authority"] = issuer.Authority,
            ["Wait:PollIntervalSeconds"] = "1",
        }));

        Assert.Contains(failure.Failures, problem => problem.StartsWith("Wait:PollIntervalSeconds", StringComparison.Ordinal));
        Assert.Empty(sandbox.Requests);
    }

    private Task<(int Exit, string Said)> CheckAsync(Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Server:Transport"] = "Http",
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Server:Auth:Audience"] = overrides.ContainsKey("Server:Auth:Authority") ? Audience : null,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        return McpHttpServerUnderTest.CheckAsync(settings);
    }
}
