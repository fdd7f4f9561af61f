using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Client.Tests;

/// <summary>A real HTTP server on 127.0.0.1 that answers what each test scripts and records every request it got.</summary>
internal sealed class ScriptedRelay : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();

    // ArrivedAt is a Stopwatch timestamp, to tell how long the client waited between two requests.
    public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, long BodyLength, long ArrivedAt);

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Answers when the script is empty: 500, so a missing step shows up as a failure.</summary>
    public Func<HttpContext, Task> Fallback { get; set; } = context =>
    {
        context.Response.StatusCode = 500;
        return context.Response.WriteAsync("{\"error\":\"nothing scripted\"}");
    };

    private ScriptedRelay(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<ScriptedRelay> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var relay = new ScriptedRelay(app);
        app.Run(async context =>
        {
            var arrivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            relay.Received.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.Length,
                arrivedAt));
            var step = relay.script.TryDequeue(out var next) ? next : relay.Fallback;
            await step(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        relay.BaseUrl = new Uri(address);
        return relay;
    }

    public ScriptedRelay Then(Func<HttpContext, Task> step)
    {
        script.Enqueue(step);
        return this;
    }

    public ScriptedRelay ThenJson(int status, string json, params (string Name, string Value)[] headers) => Then(async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
