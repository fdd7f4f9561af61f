using Microsoft.AspNetCore.Builder;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The Streamable HTTP server against a sandbox relay, both on real listeners, each on a fake clock: the relay's is
/// stopped (a task stays as it is until the test moves it on) and the server's is moved by the test.
/// </summary>
internal sealed class FakeClockHttpServer : IAsyncDisposable
{
    /// <summary>The longest wait to move the server's clock for: the wait's polls, never a relay request's timeouts (30 s
    /// and more), which would end the request before the relay on 127.0.0.1 answered.</summary>
    public static readonly TimeSpan Polls = TimeSpan.FromSeconds(8);

    private readonly WebApplication app;

    private FakeClockHttpServer(ObservableFakeTime relayTime, ObservableFakeTime serverTime, SandboxRelay relay, WebApplication app, Uri endpoint)
    {
        RelayTime = relayTime;
        ServerTime = serverTime;
        Relay = relay;
        this.app = app;
        Endpoint = endpoint;
    }

    public ObservableFakeTime RelayTime { get; }

    public ObservableFakeTime ServerTime { get; }

    public SandboxRelay Relay { get; }

    public Uri Endpoint { get; }

    /// <summary>Starts both; <paramref name="settings"/> are the server's besides the relay's URL.</summary>
    public static async Task<FakeClockHttpServer> StartAsync(Dictionary<string, string?> settings, ServerOptions? server = null)
    {
        var start = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        var relayTime = new ObservableFakeTime(start);
        var serverTime = new ObservableFakeTime(start);
        var relay = await SandboxRelay.StartAsync(new SandboxOptions(), relayTime, TestContext.Current.CancellationToken);
        try
        {
            var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new(settings) { ["Relay:BaseUrl"] = relay.BaseUrl.AbsoluteUri }, server, time: serverTime);
            return new FakeClockHttpServer(relayTime, serverTime, relay, app, endpoint);
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await Relay.DisposeAsync();
    }
}
