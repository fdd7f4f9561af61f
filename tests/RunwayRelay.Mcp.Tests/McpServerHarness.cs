using System.IO.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Transports.Stdio;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The server as the product wires it (AddRunwayRelayMcp), talking over real HTTP on 127.0.0.1 to the sandbox,
/// with a real <see cref="McpClient"/> connected in memory over pipes, as the SDK's own tests do.
/// Time is a <see cref="FakeTimeProvider"/> shared by server and sandbox: tests move it, nothing sleeps.
/// </summary>
internal sealed class McpServerHarness : IAsyncDisposable
{
    public const string Key = "sk-sandbox-SECRET-never-printed-42";

    private readonly Pipe clientToServer = new();
    private readonly Pipe serverToClient = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ClientConnection connection = new();
    private ServiceProvider services = null!;
    private Task serverTask = Task.CompletedTask;

    public ObservableFakeTime Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    public SandboxRelay Sandbox { get; private set; } = null!;

    public McpClient Client { get; private set; } = null!;

    /// <summary>The server's services, for what a test observes beside the protocol (its meters).</summary>
    public IServiceProvider Services => services;

    /// <param name="capabilities">What the client declares (2026-07-28 sends them with every request), such as extensions.</param>
    /// <param name="protocolVersion">The revision the client speaks; the SDK's newest (2026-07-28) unless given.</param>
    public static async Task<McpServerHarness> StartAsync(Action<Dictionary<string, string?>>? configure = null, SandboxOptions? sandbox = null, ClientCapabilities? capabilities = null, string? protocolVersion = null)
    {
        var harness = new McpServerHarness();
        harness.Sandbox = await SandboxRelay.StartAsync(sandbox ?? new SandboxOptions { StepSeconds = 3 }, harness.Time);
        var settings = new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = harness.Sandbox.BaseUrl.AbsoluteUri,
            ["Relay:ApiKey"] = Key,
            ["Relay:MaxRetries"] = "0",
            ["Relay:Timeout"] = "00:00:05",
            // No jitter: the fake clock then moves by exactly the interval, and request times are predictable.
            ["Wait:JitterSeconds"] = "0",
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddProvider(harness.Logs).SetMinimumLevel(LogLevel.Trace));
        collection.AddSingleton<TimeProvider>(harness.Time);
        collection.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        collection.AddSingleton(harness.connection);
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddRunwayRelayMcp()
            .WithStreamServerTransport(new EndOfInputStream(harness.clientToServer.Reader.AsStream(), harness.connection), harness.serverToClient.Writer.AsStream());
        harness.services = collection.BuildServiceProvider(validateScopes: true);
        var server = harness.services.GetRequiredService<McpServer>();
        harness.serverTask = server.RunAsync(harness.stop.Token);

        harness.Client = await McpClient.CreateAsync(
            new StreamClientTransport(harness.clientToServer.Writer.AsStream(), harness.serverToClient.Reader.AsStream()),
            new McpClientOptions { ClientInfo = new Implementation { Name = "harness", Version = "1.0" }, Capabilities = capabilities, ProtocolVersion = protocolVersion },
            cancellationToken: TestContext.Current.CancellationToken);
        return harness;
    }

    public Task<CallToolResult> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments) =>
        CallAsync(tool, arguments, progress: null, TestContext.Current.CancellationToken);

    /// <summary>Calls a tool; a call still unanswered after <see cref="CapturedLogs.Patience"/> fails the test with a
    /// <see cref="TimeoutException"/> instead of holding the run.</summary>
    public Task<CallToolResult> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken) =>
        Client.CallToolAsync(tool, arguments, progress, cancellationToken: cancellationToken).AsTask().WaitAsync(CapturedLogs.Patience, cancellationToken);

    public Task<CallToolResult> GetTaskAsync(string taskId) =>
        CallAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = taskId });

    /// <summary>The client goes away: its end of the connection closes, as when a host quits.</summary>
    public void CloseClientInput() => clientToServer.Writer.Complete();

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await stop.CancelAsync();
        await clientToServer.Writer.CompleteAsync();
        await serverToClient.Writer.CompleteAsync();
        try
        {
            await serverTask;
        }
        catch (OperationCanceledException)
        {
        }
        await services.DisposeAsync();
        await Sandbox.DisposeAsync();
        stop.Dispose();
        connection.Dispose();
    }
}
