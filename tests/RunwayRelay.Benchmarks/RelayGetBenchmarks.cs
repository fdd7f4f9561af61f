using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Benchmarks;

/// <summary>
/// One relay GET over loopback against the sandbox, sequential, kept-alive: a bare HttpClient (the floor), the same
/// GET through our HTTP handlers (<see cref="RelayHttpPipeline.CreateHandlers"/>: the resilience handler, Kiota's
/// redirect and User-Agent handlers, ours for the version header, cross-host redirects, error bodies and the size
/// bound), and a task read as the server reads it (the typed client from dependency injection, Kiota's request
/// adapter and JSON parse node under the tolerant wrapper). What a tool call spends on the relay beyond the GET itself.
/// Run: dotnet run -c Release --project tests/RunwayRelay.Benchmarks -- --filter '*RelayGet*'
/// </summary>
[MemoryDiagnoser]
public class RelayGetBenchmarks
{
    private SandboxRelay sandbox = null!;
    private Uri task = null!;
    private HttpClient bare = null!;
    private HttpClient pipeline = null!;
    private ServiceProvider services = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        sandbox = await SandboxRelay.StartAsync(new SandboxOptions());
        task = new Uri(sandbox.BaseUrl, "/runwayml/v1/tasks/demo-instant");
        var options = new RelayOptions { BaseUrl = sandbox.BaseUrl, ApiKey = SandboxOptions.PublicKey };
        bare = SandboxHttpClient.Create();
        pipeline = RelayHttpPipeline.CreateHttpClient(options);
        pipeline.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxOptions.PublicKey);
        services = new ServiceCollection()
            .AddRunwayRelayClient(relay => { relay.BaseUrl = options.BaseUrl; relay.ApiKey = options.ApiKey; })
            .Services.BuildServiceProvider();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        bare.Dispose();
        pipeline.Dispose();
        await services.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "relay GET: bare HttpClient (floor)")]
    public Task<string> BareGet() => bare.GetStringAsync(task);

    [Benchmark(Description = "relay GET: through our HTTP handlers")]
    public Task<string> PipelineGet() => pipeline.GetStringAsync(task);

    [Benchmark(Description = "relay GET: a task read as the server reads it (typed client from DI, Kiota, parse)")]
    public async Task<RunwayTask> ServerRead()
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RunwayRelayClient>().GetTaskAsync("demo-instant");
    }
}
