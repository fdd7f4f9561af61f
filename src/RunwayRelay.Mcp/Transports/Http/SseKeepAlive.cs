using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// Keeps an answer streamed as server-sent events from falling silent: after <see cref="Interval"/> without a byte, a
/// comment line (<c>: keep-alive</c>), which clients ignore. A wait with a progress token sends nothing while the task
/// does not change, and a task can stay queued for minutes; meanwhile a client's idle timeout (Node's fetch, under the
/// MCP TypeScript SDK, gives up on a body silent for 300 s: "Body Timeout Error", modelcontextprotocol/csharp-sdk#344)
/// or a load balancer's would cut the call. The MCP C# SDK sends no such line; the TypeScript SDK's server does, every
/// 15 s (modelcontextprotocol/typescript-sdk#2538), as the server-sent events standard suggests (WHATWG HTML, "Server-sent
/// events", authoring notes). Only an answer already begun gets one: one not begun yet (a 2026-07-28 call without a
/// progress token) keeps its status for the SDK to choose, and a balancer may still send it to another instance.
/// </summary>
internal sealed class SseKeepAlive(RequestDelegate next)
{
    /// <summary>Silence after which a comment line goes out.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>Serves the request with its body able to take comment lines, writing them while it is silent.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var original = context.Response.Body;
        await using var body = new KeepAliveResponseStream(original, time);
        context.Response.Body = body;
        // Cancelled when the answer ends, however it ends (a client going away ends the SDK's handler too).
        using var served = new CancellationTokenSource();
        var keeping = KeepAliveAsync(context.Response, body, time, served.Token);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // No comment after the answer ends.
            await served.CancelAsync().ConfigureAwait(false);
            await keeping.ConfigureAwait(false);
            context.Response.Body = original;
        }
    }

    private static async Task KeepAliveAsync(HttpResponse response, KeepAliveResponseStream body, TimeProvider time, CancellationToken served)
    {
        try
        {
            while (true)
            {
                var silent = time.GetElapsedTime(body.LastWrite);
                if (silent < Interval)
                {
                    await Task.Delay(Interval - silent, time, served).ConfigureAwait(false);
                }
                else if (!response.HasStarted || !IsEventStream(response.ContentType) || !await body.WriteCommentAsync(served).ConfigureAwait(false))
                {
                    // Nothing to keep alive yet (or mid-line): look again after another interval.
                    await Task.Delay(Interval, time, served).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ended) when (ended is OperationCanceledException or IOException)
        {
            // The answer ended, or the connection is gone (Kestrel's ConnectionAbortedException is a cancellation):
            // the request ends on its own.
        }
    }

    private static bool IsEventStream(string? contentType) =>
        contentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
}
