using RunwayRelay.Client;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary><c>--check</c>: what it says of a relay address and key, against the sandbox on 127.0.0.1.</summary>
public sealed class RelayCheckTests : IAsyncLifetime
{
    private const string Key = "sk-sandbox-check-never-printed-7";
    private SandboxRelay sandbox = null!;

    public async ValueTask InitializeAsync() => sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public void The_read_without_the_key_keeps_every_other_relay_setting()
    {
        // The second read must differ from the first by the key alone, so a setting added to RelayOptions is copied too.
        var configured = new RelayOptions
        {
            BaseUrl = new Uri("https://relay.example.com/"),
            ApiKey = Key,
            RunwayVersion = "2099-01-01",
            Timeout = TimeSpan.FromSeconds(7),
            TotalTimeout = TimeSpan.FromSeconds(70),
            MaxRetries = 5,
            MaxRetryDelay = TimeSpan.FromSeconds(3),
            MaxResponseBytes = 4096,
        };
        var settings = typeof(RelayOptions).GetProperties();

        var keyless = RelayCheck.Keyless(configured);

        Assert.Null(keyless.ApiKey);
        // Each setting differs from its default here, so that a copy the check forgets shows.
        Assert.All(settings, setting => Assert.NotEqual(setting.GetValue(new RelayOptions()), setting.GetValue(configured)));
        Assert.All(settings.Where(setting => setting.Name != nameof(RelayOptions.ApiKey)), setting => Assert.Equal(setting.GetValue(configured), setting.GetValue(keyless)));
    }

    [Fact]
    public async Task A_working_address_and_key_pass()
    {
        var (exit, said) = await CheckAsync(sandbox.BaseUrl, Key);

        Assert.Equal(0, exit);
        Assert.Contains("OK: the relay answered HTTP 404 (\"Task not found\") with the key and HTTP 401 without it", said, StringComparison.Ordinal);
        // Once with the key, once without: nothing else is sent.
        Assert.Equal(2, sandbox.Requests.Count);
    }

    [Theory]
    // CometAPI's envelope with 200; new-api gateways' own error with 400 (the first answer of demo-appears-late).
    [InlineData("fault-relay-error-check")]
    [InlineData("demo-appears-late-check")]
    public async Task A_relay_that_answers_task_not_exist_in_its_own_words_passes(string probe)
    {
        var (exit, said) = await CheckAsync(sandbox.BaseUrl, Key, probe);

        Assert.Equal(0, exit);
        Assert.Contains("OK: the relay answered its error task_not_exist with the key and HTTP 401 without it", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_that_answers_a_task_for_the_made_up_id_passes_naming_its_status()
    {
        // Some relays answer any id they are asked about with a record of their own: still the task endpoint, key accepted.
        var (exit, said) = await CheckAsync(sandbox.BaseUrl, Key, "demo-success-check");

        Assert.Equal(0, exit);
        Assert.Contains("OK: the relay answered a task (PENDING) with the key and HTTP 401 without it", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_fails_and_says_so()
    {
        var (exit, said) = await CheckAsync(sandbox.BaseUrl, "not-a-sandbox-key-0123456789");

        Assert.Equal(1, exit);
        Assert.Contains("Problem: [unauthorized]", said, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-sandbox-key-0123456789", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_answers_404_with_or_without_a_key_cannot_be_told_apart_from_a_working_one()
    {
        // A base URL with a path the relay does not serve: 404 whatever the key, as a router answers.
        var (exit, said) = await CheckAsync(new Uri(sandbox.BaseUrl, "v2"), Key);

        Assert.Equal(1, exit);
        Assert.Contains("Cannot tell: the relay answered HTTP 404 with the key and HTTP 404 without it", said, StringComparison.Ordinal);
        Assert.Contains("check that Relay__BaseUrl is that root URL", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_relay_fails_and_says_so()
    {
        var (exit, said) = await CheckAsync(new Uri($"http://127.0.0.1:{UnusedLoopbackPort.Next()}"), Key);

        Assert.Equal(1, exit);
        Assert.Contains("Problem: [relay_unreachable]", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_there_is_nothing_to_check_where_the_configured_key_serves_every_call()
    {
        var (exit, said) = await CheckAsync(sandbox.BaseUrl, key: null);

        Assert.Equal(1, exit);
        Assert.Contains("No key to check: set Relay__ApiKey", said, StringComparison.Ordinal);
        Assert.Empty(sandbox.Requests);
    }

    [Fact]
    public async Task Where_callers_bring_their_keys_the_address_is_checked_without_one()
    {
        var (exit, said) = await CheckAsync(sandbox.BaseUrl, key: null, callersBringKeys: true);

        Assert.Equal(0, exit);
        Assert.Contains("without a key: callers bring theirs in X-Relay-Key", said, StringComparison.Ordinal);
        Assert.Contains("OK: the relay answered HTTP 401 without a key: the address reaches an endpoint that checks keys.", said, StringComparison.Ordinal);
        Assert.False(Assert.Single(sandbox.Requests).CarriedKey);
    }

    [Fact]
    public async Task Where_callers_bring_their_keys_a_path_that_answers_404_without_one_cannot_be_told_apart()
    {
        var (exit, said) = await CheckAsync(new Uri(sandbox.BaseUrl, "v2"), key: null, callersBringKeys: true);

        Assert.Equal(1, exit);
        Assert.Contains("Cannot tell: the relay answered HTTP 404 without a key;", said, StringComparison.Ordinal);
        Assert.Contains("check that Relay__BaseUrl is that root URL", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_callers_bring_their_keys_an_unreachable_relay_fails_and_says_so()
    {
        var (exit, said) = await CheckAsync(new Uri($"http://127.0.0.1:{UnusedLoopbackPort.Next()}"), key: null, callersBringKeys: true);

        Assert.Equal(1, exit);
        Assert.Contains("Problem: [relay_unreachable]", said, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Said)> CheckAsync(Uri baseUrl, string? key, string? probe = null, bool callersBringKeys = false)
    {
        using var output = new StringWriter();
        var relay = new RelayOptions { BaseUrl = baseUrl, ApiKey = key, MaxRetries = 0 };
        var exit = probe is null
            ? await RelayCheck.RunAsync(relay, callersBringKeys, output, TestContext.Current.CancellationToken)
            : await RelayCheck.RunAsync(relay, callersBringKeys, output, probe, TestContext.Current.CancellationToken);
        var said = output.ToString();
        Assert.DoesNotContain(Key, said, StringComparison.Ordinal);
        return (exit, said);
    }
}
