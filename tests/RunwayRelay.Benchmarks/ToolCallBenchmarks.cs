using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Benchmarks;

/// <summary>
/// A whole tool call in one process, without the stdio pipes and the other process: a real McpClient over in-memory
/// pipes to our server, and to the SDK floor (the smallest SDK server, one tool that only does the relay GET), both
/// against the sandbox on loopback. Time and allocations per call, both sides of the protocol included; what the
/// side-by-side harness cannot separate from process and scheduling noise.
/// Run: dotnet run -c Release --project tests/RunwayRelay.Benchmarks -- --filter '*ToolCall*'
/// </summary>
[MemoryDiagnoser]
public class ToolCallBenchmarks
{
    private static readonly Dictionary<string, object?> Arguments = new() { ["task_id"] = "demo-instant" };
    private SandboxRelay sandbox = null!;
    private readonly List<IAsyncDisposable> running = [];
    private McpClient floor = null!;
    private McpClient ours = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        sandbox = await SandboxRelay.StartAsync(new SandboxOptions());
        var tasks = new Uri(sandbox.BaseUrl, "/runwayml/v1/tasks/");
        floor = await ConnectAsync(services => services.AddSingleton(new RelayTasks(SandboxHttpClient.Create(), tasks)).AddMcpServer(), builder => builder.WithTools<SdkOneGetTool>());
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Relay:ApiKey"] = SandboxOptions.PublicKey,
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        ours = await ConnectAsync(services => services.AddSingleton<IConfiguration>(settings).AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>().AddRunwayRelayMcp(), _ => { });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await floor.DisposeAsync();
        await ours.DisposeAsync();
        foreach (var item in running)
        {
            await item.DisposeAsync();
        }
        await sandbox.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "tool call: SDK floor (one GET, its body as text)")]
    public ValueTask<CallToolResult> Floor() => floor.CallToolAsync("get_video_task", Arguments);

    [Benchmark(Description = "tool call: get_video_task")]
    public ValueTask<CallToolResult> Ours() => ours.CallToolAsync("get_video_task", Arguments);

    private async Task<McpClient> ConnectAsync(Func<IServiceCollection, IMcpServerBuilder> addServer, Action<IMcpServerBuilder> configure)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var builder = addServer(services).WithStreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream());
        configure(builder);
        var provider = services.BuildServiceProvider();
        running.Add(provider);
        _ = provider.GetRequiredService<McpServer>().RunAsync();
        return await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()));
    }
}
