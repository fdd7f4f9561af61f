using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Testing;

/// <summary>
/// An OpenTelemetry collector's OTLP receiver on 127.0.0.1, over HTTP (<c>/v1/traces</c>, <c>/v1/metrics</c>,
/// <c>/v1/logs</c>) or gRPC (HTTP/2 without TLS, <c>/opentelemetry.proto.collector.trace.v1.TraceService/Export</c>, …),
/// answering success as a collector does. The protobuf bodies are kept as bytes (behind gRPC's 5-byte frame header):
/// names and string values stand in them as UTF-8, which is what the tests look for. Shared by the MCP tests and the
/// scale-out run.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> received = new();
    private readonly SemaphoreSlim arrived = new(0);

    private OtlpReceiver(WebApplication app) => this.app = app;

    /// <summary>How many bodies arrived, of every signal.</summary>
    public int BodyCount => received.Count;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken, bool grpc = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (grpc)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        }
        var collector = new OtlpReceiver(builder.Build());
        collector.app.MapPost("/{**path}", (RequestDelegate)collector.ReceiveAsync);
        await collector.app.StartAsync(cancellationToken);
        collector.Endpoint = new Uri(collector.app.Urls.First());
        return collector;
    }

    /// <summary>Every body of <paramref name="signal"/> (traces, metrics, logs) so far, each as its bytes.</summary>
    public IReadOnlyList<byte[]> Bodies(string signal) => [.. received.Where(r => r.Signal == signal).Select(r => r.Body)];

    /// <summary>Whether any body so far, of any signal, holds <paramref name="text"/>.</summary>
    public bool AnyBodyHolds(string text) => received.Any(r => Holds(r.Body, text));

    /// <summary>Waits, at most <paramref name="within"/>, until the bodies of <paramref name="signal"/> hold every one of
    /// <paramref name="texts"/> (each in some body); returns those still missing then, none when all arrived.</summary>
    public async Task<IReadOnlyList<string>> MissingAfterAsync(string signal, IReadOnlyList<string> texts, TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        while (Missing(signal, texts) is { Count: > 0 } missing)
        {
            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return missing;
            }
        }
        return [];
    }

    private List<string> Missing(string signal, IReadOnlyList<string> texts) =>
        [.. texts.Where(text => !Bodies(signal).Any(body => Holds(body, text)))];

    public static bool Holds(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path.Value!;
        var signal = path.Contains("trace", StringComparison.Ordinal) ? "traces" : path.Contains("metrics", StringComparison.Ordinal) ? "metrics" : "logs";
        received.Enqueue((signal, body.ToArray()));
        arrived.Release();
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (context.Request.ContentType == "application/grpc")
        {
            // An empty response message in gRPC's framing, and the status in the trailers.
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        arrived.Dispose();
    }
}
