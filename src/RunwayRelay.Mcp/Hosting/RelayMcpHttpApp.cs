using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Mcp.Http;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>The Streamable HTTP server: stateless MCP behind the Host/Origin guard and, when configured, a bearer token.</summary>
public static class RelayMcpHttpApp
{
    /// <summary>Builds (does not start) the HTTP app. <paramref name="overrides"/> win over every other setting source.</summary>
    public static WebApplication Build(string[] arguments, IReadOnlyDictionary<string, string?> overrides, ServerOptions server, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var builder = WebApplication.CreateSlimBuilder(SettingsSources.ForHttp(arguments));
        SettingsSources.AddDefaultsUnder(builder.Configuration);
        builder.Configuration.AddInMemoryCollection(overrides);
        // Every log line goes to stderr, as in stdio mode: stdout stays free for whatever runs the server.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // A failure to start (a port in use) is reported by Program in one line; the host would add its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.WebHost.UseUrls(server.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes;
        });
        // Stateless: any instance can answer any request, so several can sit behind a load balancer without affinity.
        builder.Services.AddSingleton<HttpCallCancellation>();
        builder.Services.AddOptions<McpServerOptions>().Configure<HttpCallCancellation>((mcp, cancellation) =>
            mcp.Handlers.NotificationHandlers = [.. mcp.Handlers.NotificationHandlers ?? [], new(NotificationMethods.CancelledNotification, cancellation.OnCancelled)]);
        builder.Services.AddRunwayRelayMcp(builder.Configuration)
            .WithHttpTransport(http => http.Stateless = true)
            .WithRequestFilters(filters => filters.AddCallToolFilter(HttpCallCancellation.Filter));
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseMiddleware<RequestFailureGuard>();
        app.UseMiddleware<HostAndOriginGuard>(server);
        if (!string.IsNullOrEmpty(server.BearerToken))
        {
            app.UseMiddleware<BearerTokenGuard>(server.BearerToken);
        }
        app.MapMcp(server.Path);
        return app;
    }
}
