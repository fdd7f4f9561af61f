using RunwayRelay.Client;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A relay or a token issuer over TLS whose certificate this machine does not accept: each reason gets its own
/// fix, and the fix for a company's own certificate authority is one that works (the server process given it reads
/// the task, or takes the issuer's tokens).</summary>
public sealed class ServerCertificateTests
{
    public static TheoryData<string, string, bool, string> Certificates => new()
    {
        { "a private authority", "127.0.0.1", false, "The relay's certificate is issued by an authority this machine does not trust, as a company's own relay's or a TLS-inspecting proxy's often is: trust that authority here (on Linux, set SSL_CERT_FILE in the server's environment to a PEM file with its certificate" },
        { "another name", "relay.example", false, "The relay's certificate is issued for another name than the host in Relay__BaseUrl: use the name it is issued for." },
        { "expired", "127.0.0.1", true, "The relay's certificate has expired or is not valid yet: check this machine's date and time; otherwise the relay must renew its certificate." },
    };

    [Theory]
    [MemberData(nameof(Certificates))]
    public async Task A_certificate_that_is_not_accepted_is_named_with_its_fix(string what, string issuedFor, bool expired, string says)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await TlsRelay.StartAsync(ct, issuedFor, expired);
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = relay.BaseUrl, ApiKey = "sk-tls-test-0123456789" });

        var failure = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetTaskAsync("demo-x", ct));
        var error = new RelayFailureTranslator(TimeProvider.System, RelayProxy.None).Translate(failure, "demo-x", TimeSpan.FromSeconds(30), []);

        Assert.True(error.Kind == "relay_unreachable", $"{what}: {error.Text}");
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_of_a_private_authority_is_read_once_SSL_CERT_FILE_names_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await TlsRelay.StartAsync(ct);

        var (refused, _) = await RelayProxyTests.CallAsync(new() { ["Relay__BaseUrl"] = relay.BaseUrl.AbsoluteUri }, [], "get_video_task", ct);
        var (read, stderr) = await RelayProxyTests.CallAsync(new() { ["Relay__BaseUrl"] = relay.BaseUrl.AbsoluteUri, ["SSL_CERT_FILE"] = relay.AuthorityFile }, [], "get_video_task", ct);

        Assert.Equal("relay_unreachable", refused.ErrorKind());
        Assert.Contains("SSL_CERT_FILE", refused.Text(), StringComparison.Ordinal);
        Assert.True(read.IsError != true, read.Text() + stderr);
        Assert.Equal("RUNNING", read.Structured().GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_token_issuer_of_a_private_authority_is_named_at_start_and_trusted_once_SSL_CERT_FILE_names_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var authority = new TestCertificateAuthority();
        await using var issuer = await TestTokenIssuer.StartAsync(ct, tls: authority.Issue());

        foreach (var trusted in new[] { false, true })
        {
            var port = UnusedLoopbackPort.Next();
            var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
            var environment = new Dictionary<string, string?>
            {
                ["Server__Auth__Authority"] = issuer.Authority,
                ["Server__Auth__Audience"] = endpoint.AbsoluteUri,
                ["SSL_CERT_FILE"] = trusted ? authority.File : null,
            };
            await using var server = ServerProcess.StartWith(environment, "--sandbox", "--http", $"--Server:Urls=http://127.0.0.1:{port}");
            var told = trusted ? "Read 1 signing key(s) of the token issuer" : "Cannot read the token issuer's metadata";
            Assert.True(await server.WaitForStderrAsync(told, CapturedLogs.Patience, ct), string.Join("\n", server.Stderr));
            if (!trusted)
            {
                Assert.Contains(server.Stderr, line => line.Contains("The token issuer's certificate is issued by an authority this machine does not trust", StringComparison.Ordinal)
                    && line.Contains("SSL_CERT_FILE", StringComparison.Ordinal));
                continue;
            }
            await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {issuer.Mint(endpoint.AbsoluteUri, "openid")}", ["X-Relay-Key"] = "sk-sandbox-tls" });
            var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: ct);
            Assert.True(result.IsError != true, result.Text());
        }
    }

    [Fact]
    public async Task Through_a_proxy_the_same_fix_works_and_NO_PROXY_is_named_beside_it()
    {
        // A relay host only the proxy reaches, tunnelled to: the certificate is checked against the relay's name as
        // the URL has it, whatever the tunnel leads to, as with a proxy that inspects TLS and signs for that name.
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await TlsRelay.StartAsync(ct, issuedFor: "relay.invalid");
        var relayUrl = $"https://relay.invalid:{relay.BaseUrl.Port}/";

        await using var proxy = new ForwardProxy(relay: relay.BaseUrl);
        var environment = new Dictionary<string, string?> { ["Relay__BaseUrl"] = relayUrl, ["HTTPS_PROXY"] = $"http://127.0.0.1:{proxy.Port}" };

        var (refused, _) = await RelayProxyTests.CallAsync(new(environment), [], "get_video_task", ct);
        var (read, stderr) = await RelayProxyTests.CallAsync(new(environment) { ["SSL_CERT_FILE"] = relay.AuthorityFile }, [], "get_video_task", ct);

        Assert.Equal("relay_unreachable", refused.ErrorKind());
        Assert.Contains($"through the proxy at http://127.0.0.1:{proxy.Port}", refused.Text(), StringComparison.Ordinal);
        Assert.Contains("SSL_CERT_FILE", refused.Text(), StringComparison.Ordinal);
        Assert.Contains("Or list the relay's host in NO_PROXY to reach it directly.", refused.Text(), StringComparison.Ordinal);
        Assert.True(read.IsError != true, read.Text() + stderr);
        Assert.Equal("RUNNING", read.Structured().GetProperty("status").GetString());
        // One tunnel each, asked once: a certificate to fix is not retried.
        var connect = $"CONNECT relay.invalid:{relay.BaseUrl.Port} HTTP/1.1";
        Assert.Equal([connect, connect], proxy.Requests.Select(r => r.RequestLine));
    }
}
