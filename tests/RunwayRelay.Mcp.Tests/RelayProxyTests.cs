using System.Net;
using System.Net.Sockets;
using Microsoft.Kiota.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A relay reached through the environment's proxy: failures name the proxy, which is what to fix, and never
/// its credentials, which .NET quotes in some of its messages. The process tests run the same through a real proxy.</summary>
public sealed class RelayProxyTests
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "RunwayRelay.Mcp.dll");
    private static readonly Uri ProxyWithCredentials = new("http://proxy-user:p%40ss-0123@127.0.0.1:18080/");

    public static TheoryData<string, Exception, string> Failures => new()
    {
        // .NET's own words for a CONNECT the proxy refused, quoting its URL as the environment gave it.
        { "credentials asked for, https", new HttpRequestException(HttpRequestError.ProxyTunnelError, $"The proxy tunnel request to proxy '{ProxyWithCredentials}' failed with status code '407'.", null, HttpStatusCode.ProxyAuthenticationRequired),
            "The proxy at http://127.0.0.1:18080 asks for credentials (HTTP 407) before it connects to the relay: put them in HTTPS_PROXY or ALL_PROXY as http://user:password@host:port" },
        { "credentials asked for, http", new ApiException("407") { ResponseStatusCode = 407 }, "The proxy at http://127.0.0.1:18080 asks for credentials (HTTP 407)" },
        { "relay refused by the proxy", new HttpRequestException(HttpRequestError.ProxyTunnelError, $"The proxy tunnel request to proxy '{ProxyWithCredentials}' failed with status code '403'.", null, HttpStatusCode.Forbidden),
            "The proxy at http://127.0.0.1:18080 would not connect to the relay (HTTP 403): it may not reach the relay's host or may not allow it. Check Relay__BaseUrl and HTTPS_PROXY or ALL_PROXY, or list the relay's host in NO_PROXY" },
        { "proxy down", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:18080)", new SocketException((int)SocketError.ConnectionRefused)),
            "Could not connect to the proxy at http://127.0.0.1:18080 (Connection refused (127.0.0.1:18080)), which HTTPS_PROXY or ALL_PROXY names for the relay" },
        { "proxy host unknown", new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (proxy.invalid:8080)"), "The proxy's host name (http://127.0.0.1:18080) does not resolve. Check HTTPS_PROXY or ALL_PROXY" },
        { "TLS inspected", new HttpRequestException(HttpRequestError.SecureConnectionError, "outer", new IOException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")),
            "through the proxy at http://127.0.0.1:18080 (The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot). The relay's certificate is issued by an authority this machine does not trust, as a company's own relay's or a TLS-inspecting proxy's often is" },
        { "TLS broken off", new HttpRequestException(HttpRequestError.SecureConnectionError, "outer", new IOException("Received an unexpected EOF or 0 bytes from the transport stream.")),
            "through the proxy at http://127.0.0.1:18080 (Received an unexpected EOF or 0 bytes from the transport stream.). A proxy that inspects TLS shows its own certificate: trust its certificate authority on this machine, or list the relay's host in NO_PROXY" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_through_a_proxy_names_the_proxy_and_not_its_credentials(string what, Exception failure, string says)
    {
        var proxy = new RelayProxy(new Uri("https://relay.example/"), ProxyWithCredentials);

        var error = new RelayFailureTranslator(TimeProvider.System, proxy).Translate(failure, "demo-x", TimeSpan.FromSeconds(30), []);

        Assert.True(error.Kind == "relay_unreachable", $"{what}: {error.Text}");
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ss-0123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_proxy_the_same_failures_name_the_relay()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (relay.example:443)");

        var error = new RelayFailureTranslator(TimeProvider.System, RelayProxy.None).Translate(refused, "demo-x", TimeSpan.FromSeconds(30), []);

        Assert.StartsWith("Could not connect to the relay (Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://relay.example/", "HTTPS_PROXY or ALL_PROXY")]
    [InlineData("http://relay.example/", "HTTP_PROXY or ALL_PROXY")]
    public void The_proxy_is_named_by_scheme_host_and_port_with_the_variables_dotnet_read_it_from(string relay, string variables)
    {
        var proxy = new RelayProxy(new Uri(relay), ProxyWithCredentials);

        Assert.Equal("http://127.0.0.1:18080", proxy.Address);
        Assert.Equal(variables, proxy.Variables);
    }

    [Fact]
    public async Task A_relay_host_only_the_proxy_reaches_is_read_through_it_and_the_proxy_password_shows_nowhere()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: ct);
        await using var proxy = new ForwardProxy(relay: sandbox.BaseUrl, askForCredentials: true);
        // A name no resolver knows: only the proxy, which sends everything to the sandbox, can reach it.
        var relay = $"http://relay.invalid:{sandbox.BaseUrl.Port}/";

        var (result, stderr) = await CallAsync(new() { ["HTTP_PROXY"] = $"http://proxy-user:proxy-secret-0123@127.0.0.1:{proxy.Port}", ["Relay__BaseUrl"] = relay },
            [], "get_video_task", ct);

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        // Asked without credentials first, as .NET does, then with the ones HTTP_PROXY carries.
        var read = $"GET {relay}runwayml/v1/tasks/demo-instant HTTP/1.1";
        Assert.Equal([(read, false), (read, true)], proxy.Requests);
        Assert.Contains($"Relay requests go through the proxy at http://127.0.0.1:{proxy.Port} (HTTP_PROXY or ALL_PROXY)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-secret-0123", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http", "HTTP_PROXY", "Received HTTP response headers")]
    // The proxy refuses the CONNECT a TLS relay needs: the exception .NET throws quotes the proxy's URL.
    [InlineData("https", "HTTPS_PROXY", "HTTP request failed")]
    public async Task A_proxy_that_asks_for_credentials_ends_a_wait_at_once_named_as_what_to_fix(string scheme, string variable, string logged)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = new ForwardProxy(refuseWith: 407);

        // With HttpClient's own log lines, which carry the exception .NET wrote, URL of the proxy included.
        var (result, stderr) = await CallAsync(new() { [variable] = $"http://proxy-user:proxy-secret-0123@127.0.0.1:{proxy.Port}", ["Relay__BaseUrl"] = $"{scheme}://relay.invalid/" },
            ["--Logging:LogLevel:System.Net.Http.HttpClient=Information"], "wait_for_video_task", ct);

        Assert.Equal("relay_unreachable", result.ErrorKind());
        Assert.Contains($"The proxy at http://127.0.0.1:{proxy.Port} asks for credentials (HTTP 407) before it connects to the relay: put them in {variable} or ALL_PROXY", result.Text(), StringComparison.Ordinal);
        // .NET sends the credentials only once the proxy asks for them; after that refusal, no retry and no poll, as for
        // any setting to fix.
        Assert.Equal([false, true], proxy.Requests.Select(r => r.WithCredentials));
        Assert.Contains(logged, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-secret-0123", result.Text() + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_is_reached_directly_whatever_proxy_the_environment_names()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = new ForwardProxy(refuseWith: 403);

        var (result, stderr) = await CallAsync(proxy.InEveryVariable(), ["--sandbox"], "get_video_task", ct);

        Assert.True(result.IsError != true, result.Text());
        Assert.Empty(proxy.Requests);
        Assert.DoesNotContain("go through the proxy", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_tries_the_relay_through_the_proxy_and_says_so()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: ct);
        await using var proxy = new ForwardProxy(relay: sandbox.BaseUrl);

        var (exitCode, stdout, stderr) = await ServerProcessTests.RunAsync(["--check"],
            WithOnly(new() { ["HTTP_PROXY"] = $"http://127.0.0.1:{proxy.Port}", ["Relay__BaseUrl"] = $"http://relay.invalid:{sandbox.BaseUrl.Port}/" }));

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains($"Through the proxy at http://127.0.0.1:{proxy.Port} (HTTP_PROXY or ALL_PROXY", stdout, StringComparison.Ordinal);
        Assert.Contains("OK: the relay answered HTTP 404", stdout, StringComparison.Ordinal);
        Assert.Equal(2, proxy.Requests.Count);
    }

    [Fact]
    public async Task A_token_issuer_on_loopback_is_reached_directly_whatever_proxy_the_environment_names()
    {
        // A local issuer (a developer's Keycloak on localhost) on a machine where HTTP_PROXY is set: .NET alone would
        // fetch its keys through the proxy, which refuses here, and every token would be refused for want of them.
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await TestTokenIssuer.StartAsync(ct);
        await using var proxy = new ForwardProxy(refuseWith: 403);
        var port = UnusedLoopbackPort.Next();
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        var environment = proxy.InEveryVariable();
        environment["Server__Auth__Authority"] = issuer.Authority;
        environment["Server__Auth__Audience"] = endpoint.AbsoluteUri;
        await using var server = ServerProcess.StartWith(WithOnly(environment), "--sandbox", "--http", $"--Server:Urls=http://127.0.0.1:{port}");
        Assert.True(await server.WaitForStderrAsync("MCP over Streamable HTTP", CapturedLogs.Patience, ct), string.Join("\n", server.Stderr));

        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {issuer.Mint(endpoint.AbsoluteUri, "openid")}", ["X-Relay-Key"] = "sk-sandbox-proxy" });
        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: ct);

        Assert.True(result.IsError != true, result.Text());
        Assert.Empty(proxy.Requests);
    }

    /// <summary>Exactly these proxy variables (any the test run has are removed), and a sandbox key.</summary>
    private static Dictionary<string, string?> WithOnly(Dictionary<string, string?> environment)
    {
        foreach (var variable in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY" })
        {
            environment.TryAdd(variable, null);
            environment.TryAdd(variable.ToLowerInvariant(), null);
        }
        environment.TryAdd("Relay__ApiKey", "sk-sandbox-proxy");
        return environment;
    }

    /// <summary>The server as a host starts it, with <see cref="WithOnly"/> these variables, and one call of
    /// <paramref name="tool"/> on demo-instant; its stderr once it has exited.</summary>
    internal static async Task<(CallToolResult Result, string Stderr)> CallAsync(Dictionary<string, string?> environment, string[] args, string tool, CancellationToken cancellationToken)
    {
        var stderr = new List<string>();
        CallToolResult result;
        await using (var client = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = [ServerDll, .. args],
                EnvironmentVariables = WithOnly(environment),
                StandardErrorLines = line => { lock (stderr) { stderr.Add(line); } },
            }),
            cancellationToken: cancellationToken))
        {
            result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: cancellationToken)
                .AsTask().WaitAsync(CapturedLogs.Patience, cancellationToken);
        }
        lock (stderr)
        {
            return (result, string.Join('\n', stderr));
        }
    }
}
