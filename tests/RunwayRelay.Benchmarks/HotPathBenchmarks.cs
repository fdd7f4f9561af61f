using System.Net;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Client.Serialization;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Benchmarks;

/// <summary>
/// The hot path that is ours: parsing a task through the generated client against System.Text.Json with a
/// source-generated context (the floor), building the tool result, and one iteration of the polling loop.
/// Run: dotnet run -c Release --project tests/RunwayRelay.Benchmarks -- --filter '*'
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Body = """{"id":"2f19d8a7-3b74-4fc4-af42-d0bcadbaec54","status":"SUCCEEDED","createdAt":"2024-06-27T19:49:32.335Z","output":["https://example.invalid/v.mp4?_jwt=abc"],"cost":{"credits":50},"relayRegion":"eu-1"}""";
    private static readonly byte[] BodyBytes = Encoding.UTF8.GetBytes(Body);
    private readonly JsonParseNodeFactory kiota = new();
    private readonly TolerantJsonParseNodeFactory tolerant = new();
    private RunwayTask task = null!;
    private RunwayRelayClient pollingClient = null!;
    private readonly TaskWaitOptions instantPolling = new() { PollInterval = TimeSpan.Zero, Jitter = TimeSpan.Zero, AllowIntervalBelowMinimum = true, MaximumBackoff = TimeSpan.Zero };

    [GlobalSetup]
    public void Setup()
    {
        task = ParseWithKiota();
        pollingClient = RunwayRelayClient.Create(new RelayOptions { BaseUrl = new Uri("http://relay.invalid"), ApiKey = "k", MaxRetries = 0 }, new ScriptedHandler(10));
    }

    [Benchmark(Baseline = true, Description = "parse: System.Text.Json source-generated (floor)")]
    public FloorTask? ParseWithSourceGeneratedJson() => JsonSerializer.Deserialize(BodyBytes, FloorJson.Default.FloorTask);

    [Benchmark(Description = "parse: generated models, Kiota's JSON parse node")]
    public RunwayTask ParseWithKiota() => Parse(kiota);

    [Benchmark(Description = "parse: generated models, Kiota's node under the tolerant wrapper (what the client uses)")]
    public RunwayTask ParseWithTolerantNode() => Parse(tolerant);

    // The stream is the one the request adapter hands over: the bounded, buffered body.
    private static RunwayTask Parse(IParseNodeFactory factory)
    {
        using var stream = new ByteArrayContent(BodyBytes).ReadAsStream();
        var node = factory.GetRootParseNodeAsync("application/json", stream).GetAwaiter().GetResult();
        return node.GetObjectValue(RunwayTask.CreateFromDiscriminatorValue);
    }

    [Benchmark(Description = "tool result: view, text and structured content")]
    public object BuildToolResult() => VideoTaskPresenter.ToResult(VideoTaskPresenter.ToView(task, DateTimeOffset.UtcNow));

    [Benchmark(Description = "polling loop: 10 polls through the HTTP pipeline (in-memory relay)", OperationsPerInvoke = 10)]
    public async Task<TaskWaitResult> PollTenTimes() => await pollingClient.WaitForCompletionAsync("demo", instantPolling);

    /// <summary>Answers RUNNING until the tenth call, then SUCCEEDED; no network.</summary>
    private sealed class ScriptedHandler(int pollsPerWait) : HttpMessageHandler
    {
        private static readonly byte[] Running = Encoding.UTF8.GetBytes("""{"id":"demo","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.5}""");
        private static readonly byte[] Succeeded = Encoding.UTF8.GetBytes("""{"id":"demo","status":"SUCCEEDED","createdAt":"2024-06-27T19:49:32.335Z","output":["https://example.invalid/v.mp4"]}""");
        private int calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = Interlocked.Increment(ref calls) % pollsPerWait == 0 ? Succeeded : Running;
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
