using System.Diagnostics;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>What Relay:Timeout, Relay:TotalTimeout and retries mean to the tools, against relays that fail fast or answer slowly.</summary>
public sealed class RelayTimeAndRetryTests
{
    [Fact]
    public async Task An_immediate_503_is_retried_and_ends_as_relay_unavailable_not_as_a_timeout()
    {
        // One second per attempt is plenty for a relay that answers at once; the retries' waits are not attempts.
        await using var harness = await McpServerHarness.StartAsync(s =>
        {
            s["Relay:Timeout"] = "00:00:01";
            s["Relay:MaxRetries"] = "2";
        });

        var result = await harness.GetTaskAsync("fault-503");

        Assert.Equal("relay_unavailable", result.ErrorKind());
        Assert.Equal(3, harness.Sandbox.Requests.Count(r => r.TaskId == "fault-503"));
    }

    [Fact]
    public async Task A_connection_that_keeps_breaking_is_retried_and_ends_as_relay_unreachable_naming_the_cause()
    {
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:MaxRetries"] = "2");

        var result = await harness.GetTaskAsync("fault-reset");

        Assert.Equal("relay_unreachable", result.ErrorKind());
        Assert.Equal(3, harness.Sandbox.Requests.Count(r => r.TaskId == "fault-reset"));
        // The operating system's words for the cause, not .NET's "An error occurred while sending the request".
        var reset = new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset).Message;
        Assert.Contains($"The relay's connection broke before its whole answer arrived ({reset})", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_against_a_relay_that_speaks_http_says_to_check_the_scheme()
    {
        await using var plainHttp = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var https = new UriBuilder(plainHttp.BaseUrl) { Scheme = "https" }.Uri;
        await using var harness = await McpServerHarness.StartAsync(s =>
        {
            s["Relay:BaseUrl"] = https.AbsoluteUri;
            s["Relay:MaxRetries"] = "2";
        });

        var result = await harness.GetTaskAsync("demo-instant");

        Assert.Equal("relay_unreachable", result.ErrorKind());
        Assert.Contains("Could not set up a secure connection with the relay", result.Text(), StringComparison.Ordinal);
        Assert.Contains("Check Relay__BaseUrl (https only where the relay serves TLS)", result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https against http", "Could not set up a secure connection with the relay")]
    [InlineData("a port that does not speak http", "The relay's address answered with something that is not HTTP (Received an invalid status line: 'SSH-2.0-OpenSSH_9.6'.). Check Relay__BaseUrl (http or https, and the port).")]
    [InlineData("a port where nothing listens", "Could not connect to the relay (Connection refused (127.0.0.1:")]
    public async Task A_wait_whose_first_request_fails_on_the_base_url_ends_at_once_instead_of_backing_off_until_its_timeout(string mistake, string said)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var plainHttp = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: ct);
        await using var notHttp = new NotHttpServer();
        var baseUrl = mistake switch
        {
            "https against http" => new UriBuilder(plainHttp.BaseUrl) { Scheme = "https" }.Uri.AbsoluteUri,
            "a port that does not speak http" => $"http://127.0.0.1:{notHttp.Port}/",
            _ => $"http://127.0.0.1:{UnusedLoopbackPort.Next()}/",
        };
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:BaseUrl"] = baseUrl);
        var started = harness.Time.GetUtcNow();

        var result = await harness.Time.DriveAsync(
            harness.CallAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant", ["timeout_seconds"] = 600 }, null, ct), ct);

        Assert.Equal("relay_unreachable", result.ErrorKind());
        Assert.Contains(said, result.Text(), StringComparison.Ordinal);
        // The clock the waits between polls run on never moved: no poll was waited for.
        Assert.Equal(started, harness.Time.GetUtcNow());
    }

    [Theory]
    [InlineData(2, 50)]
    // The default without a progress token (50 s in production) set short: the deadline that bounds it is the same.
    [InlineData(null, 3)]
    public async Task A_wait_answers_within_its_timeout_even_when_each_request_would_take_the_full_relay_timeout(int? timeoutSeconds, int defaultWithoutProgress)
    {
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions { SlowSeconds = 60 }, cancellationToken: TestContext.Current.CancellationToken);
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Relay:Timeout"] = "00:00:30",
            ["Relay:MaxRetries"] = "0",
            ["Wait:DefaultTimeoutWithoutProgressSeconds"] = defaultWithoutProgress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var _ = app;
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new Dictionary<string, string> { ["X-Relay-Key"] = "sk-sandbox-deadline" });
        var arguments = new Dictionary<string, object?> { ["task_id"] = "fault-slow" };
        if (timeoutSeconds is int timeout)
        {
            arguments["timeout_seconds"] = timeout;
        }
        var expected = TimeSpan.FromSeconds(timeoutSeconds ?? defaultWithoutProgress);
        var clock = Stopwatch.StartNew();

        var result = await client.CallToolAsync("wait_for_video_task", arguments, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ErrorKind() == "relay_timeout", $"after {clock.Elapsed.TotalSeconds:F3} s: {result.Text()}");
        // The wait's own time is what passed, not the relay's 30 s per attempt.
        Assert.Contains($"within the wait's {expected.TotalSeconds} seconds", result.Text(), StringComparison.Ordinal);
        // The deadline is a .NET timer, which counts on a coarser clock than the stopwatch's: under load it was seen to
        // end the wait a few milliseconds before the stopwatch's 3 s ("answered after 3.0 s, expected 3 to 13 s"). Slack
        // above for a busy test machine; without the deadline the answer would come at the relay's 30 s.
        var earliest = expected - TimeSpan.FromMilliseconds(100);
        Assert.True(clock.Elapsed >= earliest && clock.Elapsed <= expected + TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed.TotalSeconds:F3} s, expected {earliest.TotalSeconds} to {expected.TotalSeconds + 10} s: {result.Text()}");
    }

    [Fact]
    public async Task Waits_past_the_total_cap_are_refused_for_every_caller()
    {
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Wait:MaxConcurrentWaits"] = "1",
            ["Wait:MaxConcurrentWaitsPerCaller"] = "1",
        });
        await using var _ = app;
        await using var first = await McpHttpServerUnderTest.ConnectAsync(endpoint, new Dictionary<string, string> { ["X-Relay-Key"] = "sk-sandbox-first" });
        await using var second = await McpHttpServerUnderTest.ConnectAsync(endpoint, new Dictionary<string, string> { ["X-Relay-Key"] = "sk-sandbox-second" });
        var ct = TestContext.Current.CancellationToken;
        // The first wait holds the only slot once its first poll is reported.
        await using var holding = await HeldWait.StartAsync(first, ct);

        var refused = await second.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant", ["timeout_seconds"] = 3 }, cancellationToken: ct);

        Assert.Equal("too_many_waits", refused.ErrorKind());
        Assert.DoesNotContain(sandbox.Requests, r => r.TaskId == "demo-instant");
    }

    [Fact]
    public async Task The_wait_counts_every_http_request_the_relay_saw_retries_included()
    {
        await using var harness = await McpServerHarness.StartAsync(s =>
        {
            s["Relay:MaxRetries"] = "2";
            s["Sandbox:Enabled"] = "true";
        });
        var ct = TestContext.Current.CancellationToken;

        var result = await harness.Time.DriveAsync(
            harness.CallAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-unavailable-once", ["timeout_seconds"] = 120 }, null, ct), ct);

        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        var seen = harness.Sandbox.Requests.Count(r => r.TaskId == "demo-unavailable-once");
        Assert.Equal(seen, result.Structured().GetProperty("wait").GetProperty("requests").GetInt32());
        Assert.Contains($"over {seen} request(s)", result.Text(), StringComparison.Ordinal);
    }
}
