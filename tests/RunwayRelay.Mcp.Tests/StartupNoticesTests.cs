using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Hosting;

namespace RunwayRelay.Mcp.Tests;

/// <summary>What the operator is told at start-up: who can spend the relay key over HTTP, where telemetry goes.</summary>
public sealed class StartupNoticesTests
{
    private const string Warning = "spends your relay key";

    [Theory]
    [InlineData("http://0.0.0.0:3001", true, null, true)]
    [InlineData("http://127.0.0.1:3001;http://10.0.0.5:3001", true, null, true)]
    [InlineData("http://127.0.0.1:3001", true, null, false)]
    [InlineData("http://localhost:3001;http://[::1]:3001;http://127.0.0.2:3001", true, null, false)]
    [InlineData("http://+:8080", true, null, true)]
    [InlineData("http://*:8080", true, null, true)]
    [InlineData("http://0.0.0.0:3001", false, null, false)]
    [InlineData("http://0.0.0.0:3001", true, "a-long-enough-bearer-token", false)]
    public void Lending_the_key_beyond_loopback_without_caller_authentication_is_warned_of(string urls, bool share, string? bearer, bool warned)
    {
        using var logs = new CapturedLogs();
        var server = new ServerOptions { Transport = McpTransport.Http, Urls = urls, ShareConfiguredKey = share, BearerToken = bearer };
        var relay = new RelayOptions { BaseUrl = new Uri("https://relay.example"), ApiKey = "sk-operator-SECRET-0001" };

        StartupNotices.Log(logs.CreateLogger("test"), server, relay, sandbox: null);

        Assert.Equal(warned, logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(Warning, StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(relay.ApiKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://api.relay.example", true)]
    [InlineData("http://10.0.0.7:8080/gateway", true)]
    [InlineData("https://api.relay.example", false)]
    // On this machine the key does not cross a network.
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("http://localhost:8080", false)]
    public void A_relay_reached_over_plain_http_beyond_loopback_is_warned_of(string baseUrl, bool warned)
    {
        using var logs = new CapturedLogs();
        var relay = new RelayOptions { BaseUrl = new Uri(baseUrl), ApiKey = "sk-operator-SECRET-0002" };

        StartupNotices.Log(logs.CreateLogger("test"), new ServerOptions(), relay, sandbox: null);

        var authority = new Uri(baseUrl).GetLeftPart(UriPartial.Authority);
        Assert.Equal(warned, logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains($"The relay is reached over plain http ({authority})", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(relay.ApiKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sk-live-real-0003", true)]
    [InlineData("sandbox-key", false)]
    [InlineData("sk-sandbox-mine", false)]
    [InlineData(null, false)]
    public void A_key_the_sandbox_refuses_is_warned_of_when_trying_the_sandbox(string? key, bool warned)
    {
        using var logs = new CapturedLogs();
        var relay = new RelayOptions { BaseUrl = new Uri("http://127.0.0.1:5000"), ApiKey = key };

        StartupNotices.Log(logs.CreateLogger("test"), new ServerOptions(), relay, sandbox: new Uri("http://127.0.0.1:5000"));

        Assert.Equal(warned, logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("the sandbox takes only sandbox-key and keys starting sk-sandbox-", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("sk-live-real-0003", StringComparison.Ordinal));
    }

    // Over stdio nothing can work without a key; over HTTP each caller may bring its own.
    [Theory]
    [InlineData(McpTransport.Stdio, null, "Warning test: No relay API key is configured (Relay__ApiKey): every tool call will answer missing_key until one is set.")]
    [InlineData(McpTransport.Http, null, "Information test: No relay API key is configured (Relay__ApiKey): HTTP callers must send their own in X-Relay-Key.")]
    [InlineData(McpTransport.Stdio, "sk-operator-SECRET-0004", null)]
    [InlineData(McpTransport.Http, "sk-operator-SECRET-0004", null)]
    public void A_missing_relay_key_is_said_as_what_it_means_for_the_transport(McpTransport transport, string? key, string? said)
    {
        using var logs = new CapturedLogs();
        var relay = new RelayOptions { BaseUrl = new Uri("https://api.relay.example/gateway"), ApiKey = key };

        StartupNotices.Log(logs.CreateLogger("test"), new ServerOptions { Transport = transport }, relay, sandbox: null);

        Assert.Equal(said is null ? [] : [said], logs.Lines.Where(line => line.Contains("No relay API key", StringComparison.Ordinal)));
        // Which relay, by scheme, host and port: a path may carry a tenant or a token.
        Assert.Contains("Information test: Using the relay at https://api.relay.example.", logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("SECRET", StringComparison.Ordinal) || line.Contains("sandbox", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "caller authentication: none;")]
    [InlineData("a-long-enough-bearer-token", "caller authentication: shared bearer token;")]
    public void The_start_line_says_how_callers_are_authenticated_never_with_the_token(string? bearer, string said)
    {
        using var logs = new CapturedLogs();
        var server = new ServerOptions { Transport = McpTransport.Http, BearerToken = bearer };

        StartupNotices.Log(logs.CreateLogger("test"), server, new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"));

        Assert.Contains(logs.Lines, line => line.StartsWith("Information test: MCP over Streamable HTTP", StringComparison.Ordinal) && line.Contains(said, StringComparison.Ordinal));
        Assert.Contains("Information test: Using the embedded sandbox relay at http://127.0.0.1:5000/ (simulated tasks; see README for task ids).", logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Using the relay at", StringComparison.Ordinal) || line.Contains("a-long-enough", StringComparison.Ordinal));
    }

    [Fact]
    public void The_start_line_names_each_endpoint_with_its_path()
    {
        using var logs = new CapturedLogs();
        var server = new ServerOptions { Transport = McpTransport.Http, Urls = "http://127.0.0.1:3001; http://[::1]:3001/", Path = "/relay/mcp" };

        StartupNotices.Log(logs.CreateLogger("test"), server, new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"));

        Assert.Contains(logs.Lines, line => line.Contains("MCP over Streamable HTTP (stateless) at http://127.0.0.1:3001/relay/mcp, http://[::1]:3001/relay/mcp;", StringComparison.Ordinal));
    }

    [Fact]
    public void The_start_line_names_where_the_listener_is_bound_when_the_server_says()
    {
        // Port 0 in Server:Urls: the system chooses the port, and only the bound listener knows it.
        using var logs = new CapturedLogs();
        var server = new ServerOptions { Transport = McpTransport.Http, Urls = "http://127.0.0.1:0", Path = "/relay/mcp" };

        StartupNotices.Log(logs.CreateLogger("test"), server, new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"),
            listening: ["http://127.0.0.1:40123"]);

        Assert.Contains(logs.Lines, line => line.Contains("MCP over Streamable HTTP (stateless) at http://127.0.0.1:40123/relay/mcp;", StringComparison.Ordinal));
    }

    [Fact]
    public void The_start_line_names_the_token_issuer_the_audiences_and_where_its_metadata_is_published()
    {
        using var logs = new CapturedLogs();
        var server = new ServerOptions { Transport = McpTransport.Http };
        server.Auth.Authority = "https://login.microsoftonline.com/6f1c2a4e-0d3b-4c8e-9a7f-2b5d8e1c4a90/v2.0";
        server.Auth.Audience = "https://mcp.example.com/mcp";
        server.Auth.AcceptedAudiences.Add("3c9e7a51-8b2f-4d06-a1e4-7f5b0c2d9e18");
        server.Auth.PublishIssuerMetadata = true;

        StartupNotices.Log(logs.CreateLogger("test"), server, new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"));

        Assert.Contains(logs.Lines, line => line.Contains("caller authentication: OAuth access tokens from https://login.microsoftonline.com/6f1c2a4e-0d3b-4c8e-9a7f-2b5d8e1c4a90/v2.0 for https://mcp.example.com/mcp or 3c9e7a51-8b2f-4d06-a1e4-7f5b0c2d9e18, the issuer's metadata published at https://mcp.example.com/.well-known/oauth-authorization-server;", StringComparison.Ordinal));
    }

    // The .NET container images set ASPNETCORE_HTTP_PORTS=8080; this server listens where Server:Urls says.
    [Theory]
    [InlineData("ASPNETCORE_HTTP_PORTS", "8080", ServerOptions.DefaultUrls, "set Server__Urls=http://+:8080.")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "8080;8081", "http://+:8080", "set Server__Urls=http://+:8080;http://+:8081.")]
    [InlineData("ASPNETCORE_URLS", "http://+:8081", ServerOptions.DefaultUrls, "set Server__Urls=http://+:8081.")]
    [InlineData("DOTNET_URLS", "http://0.0.0.0:3002", ServerOptions.DefaultUrls, "set Server__Urls=http://0.0.0.0:3002.")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "8080", "http://+:8080", null)]
    [InlineData("ASPNETCORE_HTTP_PORTS", "8080", "http://0.0.0.0:8080;http://[::]:8080", null)]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:3001", ServerOptions.DefaultUrls, null)]
    [InlineData("OTHER", "8080", ServerOptions.DefaultUrls, null)]
    public void A_listen_variable_of_ASP_NET_Core_that_this_server_does_not_read_is_named_with_the_setting_that_does(string variable, string value, string urls, string? said)
    {
        using var logs = new CapturedLogs();
        var server = new ServerOptions { Transport = McpTransport.Http, Urls = urls };

        StartupNotices.Log(logs.CreateLogger("test"), server, new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"),
            environment: name => name == variable ? value : null);

        var warnings = logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains($"{variable}={value} is not read here", StringComparison.Ordinal)).ToList();
        if (said is null)
        {
            Assert.Empty(warnings);
        }
        else
        {
            Assert.EndsWith(said, Assert.Single(warnings), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Over_stdio_no_listen_variable_is_named()
    {
        using var logs = new CapturedLogs();

        StartupNotices.Log(logs.CreateLogger("test"), new ServerOptions(), new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"),
            environment: name => name == "ASPNETCORE_HTTP_PORTS" ? "8080" : null);

        Assert.DoesNotContain(logs.Lines, line => line.Contains("ASPNETCORE_HTTP_PORTS", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sandbox_lends_only_its_own_key_and_is_not_warned_of()
    {
        using var logs = new CapturedLogs();
        var server = new ServerOptions { Transport = McpTransport.Http, Urls = "http://0.0.0.0:3001", ShareConfiguredKey = true };

        StartupNotices.Log(logs.CreateLogger("test"), server, new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"));

        Assert.DoesNotContain(logs.Lines, line => line.Contains(Warning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://user:SECRET-pass@otlp.vendor.example:4318/SECRET-path", "http/protobuf", "by OTLP (http/protobuf) to https://otlp.vendor.example:4318.")]
    [InlineData("http://otel-collector:4317", null, "by OTLP (grpc) to http://otel-collector:4317.")]
    public void Where_telemetry_goes_is_said_without_credentials(string endpoint, string? protocol, string said)
    {
        using var logs = new CapturedLogs();

        StartupNotices.Log(logs.CreateLogger("test"), new ServerOptions(), new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"), new OtlpExportOptions { Endpoint = endpoint, Protocol = protocol });

        Assert.Contains(logs.Lines, line => line.EndsWith(said, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_is_said_of_telemetry_when_none_is_sent()
    {
        using var logs = new CapturedLogs();

        StartupNotices.Log(logs.CreateLogger("test"), new ServerOptions(), new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"), new OtlpExportOptions());

        Assert.DoesNotContain(logs.Lines, line => line.Contains("OTLP", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(McpTransport.Stdio, true, true)]
    [InlineData(McpTransport.Stdio, false, false)]
    [InlineData(McpTransport.Http, true, false)]
    public void Stdio_started_from_a_terminal_says_it_waits_for_a_host_and_how_to_try_it_by_hand(McpTransport transport, bool inputIsTerminal, bool said)
    {
        using var logs = new CapturedLogs();

        StartupNotices.Log(logs.CreateLogger("test"), new ServerOptions { Transport = transport }, new RelayOptions { ApiKey = "sandbox-key" }, sandbox: new Uri("http://127.0.0.1:5000"),
            inputIsTerminal: inputIsTerminal);

        Assert.Equal(said, logs.Lines.Any(line => line.Contains("Serving MCP over stdio, for an MCP host", StringComparison.Ordinal) && line.Contains("start it with --http", StringComparison.Ordinal)));
    }
}
