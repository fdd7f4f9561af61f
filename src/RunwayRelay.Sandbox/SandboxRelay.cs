using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Sandbox;

/// <summary>
/// A simulated relay serving <c>GET /runwayml/v1/tasks/{task_id}</c> on 127.0.0.1 only. Tasks move through
/// Runway's statuses on a clock (<see cref="TimeProvider"/>, so tests can run it fast), and fault scenarios
/// are chosen by task id (<see cref="SandboxCatalogue"/>).
/// </summary>
public sealed class SandboxRelay : IAsyncDisposable
{
    private const int MaxTrackedTasks = 100_000;
    private const int MaxRecordedRequests = 10_000;
    private readonly WebApplication app;
    private readonly SandboxOptions options;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SandboxRequest> requests = new();
    private readonly ConcurrentDictionary<string, int> firstCallServed = new(StringComparer.Ordinal);

    private SandboxRelay(WebApplication app, SandboxOptions options, TimeProvider time)
    {
        this.app = app;
        this.options = options;
        this.time = time;
    }

    /// <summary>Where the sandbox listens, for example <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Recent requests, oldest first (the last 10,000).</summary>
    public IReadOnlyCollection<SandboxRequest> Requests => requests;

    /// <summary>Raised for every request as it arrives, before it is answered.</summary>
    public event Action<SandboxRequest>? RequestReceived;

    /// <summary>How many requests asked for <paramref name="taskId"/>.</summary>
    public int RequestCount(string taskId) => requests.Count(r => r.TaskId == taskId);

    /// <summary>Starts the sandbox on 127.0.0.1.</summary>
    public static async Task<SandboxRelay> StartAsync(SandboxOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        // The sandbox has no settings files: it must not watch the working directory for them (on Linux that walks
        // the whole tree before the first request, over a second when started from /).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        // Its logs would land on stdout, which in stdio mode belongs to the MCP protocol alone.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var relay = new SandboxRelay(app, options, timeProvider ?? TimeProvider.System);
        // RequestDelegate handlers: no reflection-based parameter binding, so the sandbox stays Native AOT friendly.
        app.MapGet("/runwayml/v1/tasks/{taskId}", (RequestDelegate)(context => relay.HandleTaskAsync(context, (string)context.Request.RouteValues["taskId"]!)));
        app.MapGet("/files/{name}", (RequestDelegate)(static context => SandboxFiles.WriteAsync(context, (string)context.Request.RouteValues["name"]!)));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        relay.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return relay;
    }

    private async Task HandleTaskAsync(HttpContext context, string taskId)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        Record(context, taskId, authorization.Length > 0);
        if (!IsAcceptedKey(authorization))
        {
            await WriteJsonAsync(context, 401, w =>
            {
                w.WriteStartObject("error");
                w.WriteString("message", authorization.Length == 0 ? "Missing API key" : "Invalid API key");
                w.WriteString("type", "sandbox_error");
                w.WriteString("code", "invalid_api_key");
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        var (scenario, statusCode) = SandboxCatalogue.Classify(taskId);
        var ct = context.RequestAborted;
        switch (scenario)
        {
            case SandboxScenario.NotFound:
                await WriteErrorAsync(context, 404, "Task not found").ConfigureAwait(false);
                break;
            case SandboxScenario.Status:
                await WriteErrorAsync(context, statusCode, $"Simulated {statusCode} from the sandbox").ConfigureAwait(false);
                break;
            case SandboxScenario.RateLimited:
                context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, 429, "Rate limit exceeded").ConfigureAwait(false);
                break;
            case SandboxScenario.RateLimitedDate:
                context.Response.Headers.RetryAfter = time.GetUtcNow().AddSeconds(options.RetryAfterSeconds).ToString("R", CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, 429, "Rate limit exceeded").ConfigureAwait(false);
                break;
            case SandboxScenario.RateLimitedOnce when firstCallServed.TryAdd(taskId, 1):
                context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, 429, "Rate limit exceeded").ConfigureAwait(false);
                break;
            case SandboxScenario.UnavailableOnce when firstCallServed.TryAdd(taskId, 1):
                await WriteErrorAsync(context, 503, "Service temporarily unavailable").ConfigureAwait(false);
                break;
            case SandboxScenario.Outage when !firstCallServed.TryAdd(taskId, 1):
                await WriteErrorAsync(context, 503, "Service temporarily unavailable").ConfigureAwait(false);
                break;
            case SandboxScenario.Deleted when StepSince(StartOf(taskId)) >= 3:
                await WriteErrorAsync(context, 404, "Task not found").ConfigureAwait(false);
                break;
            case SandboxScenario.RateLimitedOnce or SandboxScenario.UnavailableOnce or SandboxScenario.Outage or SandboxScenario.Deleted:
                await WriteTaskAsync(context, taskId, SandboxScenario.Success).ConfigureAwait(false);
                break;
            case SandboxScenario.RateLimitedBare:
                await WriteErrorAsync(context, 429, "Rate limit exceeded").ConfigureAwait(false);
                break;
            case SandboxScenario.Slow:
                await Task.Delay(TimeSpan.FromSeconds(options.SlowSeconds), time, ct).ConfigureAwait(false);
                await WriteTaskAsync(context, taskId, SandboxScenario.Instant).ConfigureAwait(false);
                break;
            case SandboxScenario.Malformed:
                await WriteRawAsync(context, 200, "application/json", "{\"id\": \"" + taskId + "\", \"status\": ").ConfigureAwait(false);
                break;
            case SandboxScenario.Html:
                await WriteRawAsync(context, 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>").ConfigureAwait(false);
                break;
            case SandboxScenario.Kling:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteNumber("code", 0);
                    w.WriteString("message", "SUCCEED");
                    w.WriteString("request_id", "sandbox-request");
                    w.WriteStartObject("data");
                    w.WriteString("task_id", taskId);
                    w.WriteString("task_status", "processing");
                    w.WriteNumber("created_at", 1719517772335);
                    w.WriteNumber("updated_at", 1719517772335);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.Luma:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteString("id", taskId);
                    w.WriteString("prompt", "a cat");
                    w.WriteString("state", "pending");
                    w.WriteNull("queue_state");
                    w.WriteString("created_at", "2024-06-27T19:49:32.335Z");
                    w.WriteNull("video");
                    w.WriteBoolean("liked", false);
                    w.WriteNumber("estimate_wait_seconds", 30);
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.Wrapped:
                await WriteEnvelopeAsync(context, taskId, ("SUCCESS", "100%", ""), w => WriteTaskFields(w, context, taskId, SandboxScenario.Instant)).ConfigureAwait(false);
                break;
            case SandboxScenario.RelayGaveUp:
                // new-api's timeout sweep: FAILURE and its reason on the relay's record, the Runway answer left as it was.
                await WriteEnvelopeAsync(context, taskId, ("FAILURE", "100%", "任务超时（1440分钟）"), w => WriteTaskFields(w, context, taskId, SandboxScenario.NeverEnds)).ConfigureAwait(false);
                break;
            case SandboxScenario.RelaysOwnId:
                await WriteEnvelopeAsync(context, taskId, ("SUCCESS", "100%", ""), w => WriteTaskFields(w, context, RunwayIdFor(taskId), SandboxScenario.Instant)).ConfigureAwait(false);
                break;
            case SandboxScenario.RelayRecordOnly:
                // Before the gateway's first poll: Runway's answer to the creation, its id, is all it holds.
                await WriteEnvelopeAsync(context, taskId, ("IN_PROGRESS", "30%", ""), w => w.WriteString("id", RunwayIdFor(taskId))).ConfigureAwait(false);
                break;
            case SandboxScenario.Huge:
                await WriteHugeAsync(context, ct).ConfigureAwait(false);
                break;
            case SandboxScenario.Trickle:
                await WriteTrickleAsync(context, taskId, ct).ConfigureAwait(false);
                break;
            case SandboxScenario.Reset:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":\"" + taskId + "\",\"status\":\"RUN", ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                context.Abort();
                break;
            case SandboxScenario.Truncated:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 500;
                await context.Response.WriteAsync("{\"id\":\"" + taskId + "\",\"status\":\"RUNNING\"", ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                context.Abort();
                break;
            case SandboxScenario.Redirect:
                var target = new UriBuilder(BaseUrl) { Host = "localhost", Path = "/runwayml/v1/tasks/demo-instant-redirected" };
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = target.Uri.AbsoluteUri;
                break;
            case SandboxScenario.OddRunning:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteString("id", taskId);
                    w.WriteString("status", "RUNNING");
                    w.WriteNumber("createdAt", 1719517772335);
                    w.WriteNumber("progress", 42);
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.OddSucceeded:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteString("id", taskId);
                    w.WriteString("status", "SUCCEEDED");
                    w.WriteString("createdAt", "2024-06-27 19:49:32");
                    w.WriteStartArray("output");
                    w.WriteStringValue($"{context.Request.Scheme}://{context.Request.Host}/files/{taskId}.mp4");
                    w.WriteEndArray();
                    w.WriteStartObject("cost");
                    w.WriteNumber("credits", 12.5);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.RelayError:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteString("code", "task_not_exist");
                    w.WriteString("message", "task_not_exist");
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.AppearsLate when StepSince(StartOf(taskId)) == 0:
                // As gateways built on new-api answer a task not in their records yet (QuantumNous/new-api, relay/relay_task.go).
                await WriteJsonAsync(context, 400, w =>
                {
                    w.WriteString("code", "task_not_exist");
                    w.WriteString("message", "task_not_exist");
                    w.WriteNull("data");
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.OtherId:
                await WriteTaskAsync(context, "demo-instant-someone-else", SandboxScenario.Instant).ConfigureAwait(false);
                break;
            case SandboxScenario.RedirectSameHost when context.Request.Query.ContainsKey("moved"):
                await WriteTaskAsync(context, taskId, SandboxScenario.Instant).ConfigureAwait(false);
                break;
            case SandboxScenario.RedirectSameHost:
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = $"{context.Request.Path}?moved=1";
                break;
            case SandboxScenario.OddValues:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteString("id", taskId);
                    w.WriteString("status", "RUNNING");
                    w.WritePropertyName("progress");
                    w.WriteRawValue("1e400");
                    w.WriteStartObject("estimatedCost");
                    w.WriteString("credits", "fifty");
                    w.WriteEndObject();
                    w.WriteStartObject("meta");
                    w.WritePropertyName("seed");
                    w.WriteRawValue("-1e400");
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.OddOutput:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteString("id", taskId);
                    w.WriteString("status", "SUCCEEDED");
                    w.WriteStartArray("output");
                    w.WriteStringValue("javascript:alert(document.domain)");
                    w.WriteStringValue($"/files/{taskId}.mp4");
                    w.WriteStringValue($"{context.Request.Scheme}://{context.Request.Host}/files/{taskId}.mp4");
                    w.WriteEndArray();
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.Bloated:
                await WriteJsonAsync(context, 200, w =>
                {
                    WriteTaskFields(w, context, taskId, SandboxScenario.Instant);
                    w.WriteString("thumbnail", "data:image/png;base64," + new string('A', 300_000));
                    w.WriteStartArray("frames");
                    for (var i = 0; i < 20_000; i++)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("t", i);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteNumber("seed", 42);
                }).ConfigureAwait(false);
                break;
            case SandboxScenario.Array:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("[{\"id\":\"" + taskId + "\",\"status\":\"RUNNING\"}]", ct).ConfigureAwait(false);
                break;
            case SandboxScenario.NotUtf8:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(System.Text.Encoding.Latin1.GetBytes(
                    "{\"id\":\"" + taskId + "\",\"status\":\"FAILED\",\"failure\":\"Contenu refusé\"}"), ct).ConfigureAwait(false);
                break;
            case SandboxScenario.NumericId:
                await WriteJsonAsync(context, 200, w =>
                {
                    w.WriteNumber("id", 123);
                    w.WriteString("status", "PENDING");
                    w.WriteString("createdAt", "2024-06-27T19:49:32.335Z");
                }).ConfigureAwait(false);
                break;
            default:
                await WriteTaskAsync(context, taskId, scenario).ConfigureAwait(false);
                break;
        }
    }

    private static bool IsAcceptedKey(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.Ordinal) && Accepts(authorization["Bearer ".Length..]);

    /// <summary>Whether the sandbox takes <paramref name="key"/>: <see cref="SandboxOptions.PublicKey"/> or any key starting
    /// <c>sk-sandbox-</c>. Any other is answered 401, the sandbox's refused-key scenario.</summary>
    public static bool Accepts(string key) =>
        key == SandboxOptions.PublicKey || key.StartsWith("sk-sandbox-", StringComparison.Ordinal);

    private void Record(HttpContext context, string taskId, bool carriedKey)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var fingerprint = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? SandboxRequest.Fingerprint(authorization["Bearer ".Length..]) : null;
        var request = new SandboxRequest(time.GetUtcNow(), context.Request.Path, taskId, carriedKey, context.Request.Headers["X-Runway-Version"].FirstOrDefault(), fingerprint);
        requests.Enqueue(request);
        RequestReceived?.Invoke(request);
        while (requests.Count > MaxRecordedRequests && requests.TryDequeue(out _))
        {
        }
    }

    private DateTimeOffset StartOf(string taskId)
    {
        if (firstSeen.Count > MaxTrackedTasks)
        {
            firstSeen.Clear();
        }
        return firstSeen.GetOrAdd(taskId, _ => time.GetUtcNow());
    }

    private long StepSince(DateTimeOffset start) =>
        options.StepSeconds <= 0 ? long.MaxValue : (long)Math.Floor((time.GetUtcNow() - start).TotalSeconds / options.StepSeconds);

    private Task WriteTaskAsync(HttpContext context, string taskId, SandboxScenario scenario) =>
        WriteJsonAsync(context, 200, w => WriteTaskFields(w, context, taskId, scenario));

    private void WriteTaskFields(Utf8JsonWriter w, HttpContext context, string taskId, SandboxScenario scenario)
    {
        var start = StartOf(taskId);
        var state = TaskState.At(scenario, StepSince(start));
        w.WriteString("id", taskId);
        w.WriteString("status", state.Status);
        w.WriteString("createdAt", start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (state.Progress is double progress)
        {
            w.WriteNumber("progress", Math.Round(progress, 2));
        }
        switch (state.Status)
        {
            case "PENDING" or "THROTTLED" or "RUNNING":
                w.WriteStartObject("estimatedCost");
                w.WriteNumber("credits", 50);
                w.WriteEndObject();
                break;
            case "SUCCEEDED":
                w.WriteStartArray("output");
                w.WriteStringValue($"{context.Request.Scheme}://{context.Request.Host}/files/{taskId}.{SandboxFiles.ExtensionFor(scenario)}?_jwt={SandboxFiles.UrlToken(start.AddHours(24))}");
                w.WriteEndArray();
                w.WriteStartObject("cost");
                w.WriteNumber("credits", 50);
                w.WriteEndObject();
                break;
            case "FAILED":
                w.WriteString("failure", "The text prompt was flagged by content moderation.");
                w.WriteString("failureCode", "SAFETY.INPUT.TEXT");
                w.WriteStartObject("cost");
                w.WriteNumber("credits", 0);
                w.WriteEndObject();
                break;
            case "CANCELLED":
                w.WriteStartObject("cost");
                w.WriteNumber("credits", 0);
                w.WriteEndObject();
                break;
            default:
                w.WriteString("relayRegion", "sandbox-1");
                break;
        }
    }

    // A stable UUID for a task id: the same task keeps the same one.
    private static string RunwayIdFor(string taskId) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(taskId)).AsSpan(0, 16)).ToString();

    private static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, w => w.WriteString("error", message));

    // CometAPI's envelope (new-api's task record): the relay's own status, progress and failure reason, and under data
    // the upstream's answer that writeUpstream writes.
    private static Task WriteEnvelopeAsync(HttpContext context, string taskId, (string Status, string Progress, string FailReason) record, Action<Utf8JsonWriter> writeUpstream) =>
        WriteJsonAsync(context, 200, w =>
        {
            w.WriteString("code", "success");
            w.WriteString("message", "");
            w.WriteStartObject("data");
            w.WriteString("task_id", taskId);
            w.WriteString("status", record.Status);
            w.WriteString("progress", record.Progress);
            w.WriteString("fail_reason", record.FailReason);
            w.WriteStartObject("data");
            writeUpstream(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteRawAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task WriteHugeAsync(HttpContext context, CancellationToken ct)
    {
        // 50 MB of valid JSON, written in chunks without a Content-Length so that only reading can tell its size.
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"id\":\"huge\",\"status\":\"RUNNING\",\"createdAt\":\"2024-06-27T19:49:32.335Z\",\"padding\":\"", ct).ConfigureAwait(false);
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        for (var written = 0; written < 50 * 1024 * 1024; written += chunk.Length)
        {
            await context.Response.Body.WriteAsync(chunk, ct).ConfigureAwait(false);
        }
        await context.Response.WriteAsync("\"}", ct).ConfigureAwait(false);
    }

    private async Task WriteTrickleAsync(HttpContext context, string taskId, CancellationToken ct)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes($"{{\"id\":\"{taskId}\",\"status\":\"RUNNING\",\"createdAt\":\"2024-06-27T19:49:32.335Z\"}}");
        foreach (var b in body)
        {
            await context.Response.Body.WriteAsync(new[] { b }, ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await app.DisposeAsync().ConfigureAwait(false);
}
