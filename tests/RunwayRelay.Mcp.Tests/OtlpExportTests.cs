using ModelContextProtocol.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Telemetry for teams, end to end: the server process, configured by the standard OTEL_* environment variables, sends
/// traces, metrics and logs to a real OTLP/HTTP receiver on 127.0.0.1, in both transports, and never a key or token.
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private const string RelayKey = "sk-sandbox-otlp-relay-key-never-exported";
    private const string BearerToken = "otlp-bearer-token-never-exported-0123";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private OtlpReceiver collector = null!;

    public async ValueTask InitializeAsync() => collector = await OtlpReceiver.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await collector.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Traces_metrics_and_logs_reach_the_collector_without_keys_or_tokens(bool http)
    {
        var port = UnusedLoopbackPort.Next();
        var environment = ExportingTo(collector.Endpoint.AbsoluteUri, "http/protobuf");
        // Over HTTP the caller brings it; over stdio it is the server's own.
        environment["Relay__ApiKey"] = http ? null : RelayKey;
        environment["Server__BearerToken"] = http ? BearerToken : null;
        await using var server = ServerProcess.StartWith(environment, http ? ["--sandbox", "--http", $"--Server:Urls=http://127.0.0.1:{port}"] : ["--sandbox"]);
        if (http)
        {
            Assert.True(await server.WaitForStderrAsync("MCP over Streamable HTTP", Within, TestContext.Current.CancellationToken), string.Join("\n", server.Stderr));
            // A balancer's health checks come first; spans leave in order, so once the calls' have arrived theirs would have.
            using (var health = new HttpClient())
            {
                Assert.True((await health.GetAsync($"http://127.0.0.1:{port}/healthz", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
                Assert.True((await health.GetAsync($"http://127.0.0.1:{port}/readyz", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
            }
            await using var client = await McpHttpServerUnderTest.ConnectAsync(new Uri($"http://127.0.0.1:{port}/mcp"), new() { ["Authorization"] = $"Bearer {BearerToken}", ["X-Relay-Key"] = RelayKey });
            await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);
            await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "no-such-task" }, cancellationToken: TestContext.Current.CancellationToken);
        }
        else
        {
            await server.InitializeAsync();
            await server.WriteLineAsync("""{"jsonrpc":"2.0","id":"found","method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}}""");
            Assert.NotNull(server.WaitForLine("\"id\":\"found\"", Within));
            await server.WriteLineAsync("""{"jsonrpc":"2.0","id":"missing","method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"no-such-task"}}}""");
            Assert.NotNull(server.WaitForLine("\"id\":\"missing\"", Within));
        }

        Assert.True(await server.WaitForStderrAsync($"Sending traces, metrics and logs by OTLP (http/protobuf) to http://127.0.0.1:{collector.Endpoint.Port}.", Within, TestContext.Current.CancellationToken), string.Join("\n", server.Stderr));
        // The SDK's span of the call carries what it ended in; the relay GET is a span of its own.
        Assert.Empty(await collector.MissingAfterAsync("traces", [OtlpExport.DefaultServiceName, "tools/call get_video_task", ToolResultTelemetry.ResultTag, "SUCCEEDED", "task_not_found", "System.Net.Http"], Within, TestContext.Current.CancellationToken));
        Assert.Empty(await collector.MissingAfterAsync("metrics", [ToolResultTelemetry.ResultsInstrument, "task_not_found", "mcp.server.operation.duration", "http.client.request.duration"], Within, TestContext.Current.CancellationToken));
        Assert.Empty(await collector.MissingAfterAsync("logs", ["RunwayRelay.Mcp.Tools.GetVideoTaskTool", "demo-instant"], Within, TestContext.Current.CancellationToken));
        if (http)
        {
            Assert.Empty(await collector.MissingAfterAsync("traces", ["POST /mcp", "http.route", "http.response.status_code"], Within, TestContext.Current.CancellationToken));
            Assert.DoesNotContain(collector.Bodies("traces"), body => OtlpReceiver.Holds(body, "/healthz") || OtlpReceiver.Holds(body, "/readyz"));
            Assert.Empty(await collector.MissingAfterAsync("metrics", ["http.server.request.duration"], Within, TestContext.Current.CancellationToken));
        }
        Assert.False(collector.AnyBodyHolds(RelayKey), "a relay key was exported");
        Assert.False(collector.AnyBodyHolds(BearerToken), "a bearer token was exported");
    }

    [Fact]
    public async Task A_signed_in_users_calls_carry_their_user_id_to_the_collector()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await TestTokenIssuer.StartAsync(ct);
        var port = UnusedLoopbackPort.Next();
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        var environment = ExportingTo(collector.Endpoint.AbsoluteUri, "http/protobuf");
        environment["Server__Auth__Authority"] = issuer.Authority;
        environment["Server__Auth__Audience"] = endpoint.AbsoluteUri;
        // The OpenTelemetry logger's own setting: with it, log records carry the logging scopes as attributes.
        environment["Logging__OpenTelemetry__IncludeScopes"] = "true";
        await using var server = ServerProcess.StartWith(environment, "--sandbox", "--http", $"--Server:Urls=http://127.0.0.1:{port}");
        // The keys are read beside the start, not before the listener: both lines, in either order.
        Assert.True(await server.WaitForStderrAsync("Read 1 signing key(s) of the token issuer", Within, ct) && await server.WaitForStderrAsync("MCP over Streamable HTTP", Within, ct), string.Join("\n", server.Stderr));
        var token = issuer.Mint(endpoint.AbsoluteUri, "runway.tasks.read", subject: "alice@example.test");

        await using (var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {token}", ["X-Relay-Key"] = RelayKey }))
        {
            await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: ct);
        }

        Assert.Empty(await collector.MissingAfterAsync("traces", ["POST /mcp", "user.id", "alice@example.test"], Within, ct));
        Assert.Empty(await collector.MissingAfterAsync("logs", ["RunwayRelay.Mcp.Tools.GetVideoTaskTool", "demo-instant", "User", "alice@example.test"], Within, ct));
        Assert.False(collector.AnyBodyHolds(token.Split('.')[2]), "a token was exported");
    }

    [Fact]
    public async Task An_operators_service_name_and_instance_id_win_over_the_defaults()
    {
        // Behind a balancer each instance is told apart by service.instance.id, which orchestrators set (a pod's name).
        var environment = ExportingTo(collector.Endpoint.AbsoluteUri, "http/protobuf");
        environment["OTEL_SERVICE_NAME"] = "relay-mcp-team";
        environment["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=relay-mcp-pod-7,deployment.environment.name=staging";

        var (server, _) = await CallOverStdioAsync(environment);
        await using var _ = server;

        Assert.Empty(await collector.MissingAfterAsync("traces", ["tools/call get_video_task", "relay-mcp-team", "relay-mcp-pod-7", "staging"], Within, TestContext.Current.CancellationToken));
        Assert.DoesNotContain(collector.Bodies("traces"), body => OtlpReceiver.Holds(body, OtlpExport.DefaultServiceName));
    }

    [Fact]
    public async Task Without_a_protocol_it_sends_by_grpc_the_exporters_default()
    {
        await using var grpc = await OtlpReceiver.StartAsync(TestContext.Current.CancellationToken, grpc: true);

        var (server, _) = await CallOverStdioAsync(ExportingTo(grpc.Endpoint.AbsoluteUri, protocol: null));
        await using var _ = server;

        Assert.Empty(await grpc.MissingAfterAsync("traces", ["tools/call get_video_task", "SUCCEEDED"], Within, TestContext.Current.CancellationToken));
        Assert.Empty(await grpc.MissingAfterAsync("metrics", [ToolResultTelemetry.ResultsInstrument], Within, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_collector_that_does_not_answer_changes_nothing_for_the_caller()
    {
        var (server, answer) = await CallOverStdioAsync(ExportingTo($"http://127.0.0.1:{UnusedLoopbackPort.Next()}", protocol: null));
        await using var _ = server;

        Assert.Contains("\"status\":\"SUCCEEDED\"", answer, StringComparison.Ordinal);
        Assert.True(await server.WaitForStderrAsync("get_video_task demo-instant: SUCCEEDED", Within, TestContext.Current.CancellationToken), string.Join("\n", server.Stderr));
        Assert.DoesNotContain(server.Stderr, line => line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("Exception", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http/protobuf")]
    [InlineData(null)]
    public async Task A_collector_beside_the_server_is_reached_directly_whatever_proxy_the_environment_names(string? protocol)
    {
        // A sidecar collector on a machine where HTTP_PROXY is set and NO_PROXY does not list loopback: .NET alone
        // would send the telemetry to the proxy, which refuses it here.
        await using var receiver = await OtlpReceiver.StartAsync(TestContext.Current.CancellationToken, grpc: protocol is null);
        await using var proxy = new ForwardProxy(refuseWith: 403);
        var environment = ExportingTo(receiver.Endpoint.AbsoluteUri, protocol);
        foreach (var (variable, value) in proxy.InEveryVariable())
        {
            environment[variable] = value;
        }

        var (server, _) = await CallOverStdioAsync(environment);
        await using var _ = server;

        Assert.Empty(await receiver.MissingAfterAsync("traces", ["tools/call get_video_task", "SUCCEEDED"], Within, TestContext.Current.CancellationToken));
        Assert.Empty(proxy.Requests);
    }

    /// <summary>Export to <paramref name="endpoint"/>, at once rather than every minute (metrics) or five seconds (spans, logs).</summary>
    private static Dictionary<string, string?> ExportingTo(string endpoint, string? protocol) => new()
    {
        [OtlpExportOptions.EndpointSetting] = endpoint,
        [OtlpExportOptions.ProtocolSetting] = protocol,
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
    };

    /// <summary>The server over stdio against its sandbox, and one get_video_task of demo-instant answered.</summary>
    private static async Task<(ServerProcess Server, string Answer)> CallOverStdioAsync(Dictionary<string, string?> environment)
    {
        var server = ServerProcess.StartWith(environment, "--sandbox");
        await server.InitializeAsync();
        await server.WriteLineAsync("""{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}}""");
        var answer = server.WaitForLine("\"id\":\"call\"", Within);
        Assert.NotNull(answer);
        return (server, answer);
    }
}
