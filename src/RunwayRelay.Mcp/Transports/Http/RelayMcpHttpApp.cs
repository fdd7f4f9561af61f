using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Hosting;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>The Streamable HTTP server: stateless MCP behind the Host/Origin guard and, when configured, a shared bearer
/// token or OAuth access tokens; health endpoints for load balancers beside it.</summary>
public static class RelayMcpHttpApp
{
    /// <summary>Liveness: the process answers. No relay call, no authentication.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness: started and not stopping. No relay call, no authentication.</summary>
    public const string ReadinessPath = "/readyz";

    // The slim builder would also read appsettings.json from the working directory and watch it; its sources are
    // replaced by the server's one configuration below, and this keeps it from starting a watcher first.
    private static readonly string[] NoWatcher = ["--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>Builds (does not start) the HTTP app on <paramref name="settings"/>, the server's one configuration.
    /// Nothing is bound or validated here: that happens when the app starts.</summary>
    public static WebApplication Build(IConfiguration settings, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = NoWatcher,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = SettingsSources.EnvironmentName,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(settings);
        // Kestrel listens where Server:Urls says (read as the framework's own "urls" setting).
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, settings[$"{ServerOptions.Section}:Urls"] ?? ServerOptions.DefaultUrls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // Every log line goes to stderr, as in stdio mode: stdout stays free for whatever runs the server.
        builder.Logging.ClearProviders();
        // Under systemd (Deployment/runway-relay-mcp@.service, Type=notify) the service manager is told when the listener
        // is bound and when the server begins to stop, so that `systemctl start` and a rolling restart wait for an
        // instance that answers. Elsewhere it adds nothing. Before the console logger: that one names the format.
        builder.Services.AddSystemd();
        builder.Logging.AddStderrConsole(settings);
        builder.Services.AddOtlpExport(settings);
        // Stateless: any instance can answer any request, so several can sit behind a load balancer without affinity.
        builder.Services.AddSingleton<HttpCallCancellation>();
        builder.Services.AddOptions<McpServerOptions>().Configure<HttpCallCancellation>((mcp, cancellation) =>
            mcp.Handlers.NotificationHandlers = [.. mcp.Handlers.NotificationHandlers ?? [], new(NotificationMethods.CancelledNotification, cancellation.OnCancelled)]);
        builder.Services.AddRunwayRelayMcp()
            .WithHttpTransport(http => http.Stateless = true)
            .WithRequestFilters(filters => filters.AddCallToolFilter(HttpCallCancellation.Filter));
        builder.Services.AddHealthChecks().AddCheck<ServingHealthCheck>("serving", tags: [ReadinessPath]);
        // Decided while building, because it decides which middleware runs; its settings are read and validated at start.
        var oauth = !string.IsNullOrWhiteSpace(settings[$"{ServerOptions.Section}:Auth:Authority"]);
        if (oauth)
        {
            OAuthResourceServer.Add(builder.Services);
        }
        // The scheme and caller's address a load balancer forwards, from trusted proxies only.
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ServerOptions>>(BalancerForwarding.Configure);
        // Browser clients at an allowed origin (loopback, or Server:AllowedOrigins) may read the answers: the framework's
        // CORS, with the preflight any MCP request needs and the challenge a browser needs for OAuth sign-in.
        builder.Services.AddSingleton<BrowserOrigins>();
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<BrowserOrigins>((cors, origins) => cors.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(origins.Allows)
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
            .AllowAnyHeader()
            .WithExposedHeaders("Mcp-Session-Id", "Mcp-Protocol-Version", "WWW-Authenticate")));
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        // Per request, so that the setting is read (and validated) when the app starts, not while it is built.
        app.Use((context, next) =>
        {
            context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes;
            return next(context);
        });
        // Outside the guard, so that its 413 gets words too.
        app.UseStatusCodePages(BareStatusAnswer.WriteAsync);
        app.UseMiddleware<RequestFailureGuard>();
        app.UseForwardedHeaders();
        app.UseCors();
        // Load balancers probe health by address and without credentials; the answers hold nothing to protect.
        app.UseWhen(context => !IsHealthPath(context.Request.Path), guarded =>
        {
            guarded.UseMiddleware<HostAndOriginGuard>();
            guarded.UseMiddleware<BearerTokenGuard>();
        });
        if (oauth)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseMiddleware<SignedInUserScope>();
        }
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessPath) });
        // A path the router cannot take is refused at start with the other settings (ServerOptions.Validate); mapping
        // the default meanwhile keeps the build from throwing before that list is made.
        var path = settings[$"{ServerOptions.Section}:Path"] is { } configured && ServerOptions.IsPlainPath(configured) ? configured : ServerOptions.DefaultPath;
        // Answers streamed as server-sent events carry a comment line while they are silent, so that no idle timeout cuts them.
        app.UseWhen(context => context.Request.Path == path, streamed => streamed.UseMiddleware<SseKeepAlive>());
        var mcp = app.MapMcp(path);
        if (oauth)
        {
            mcp.RequireAuthorization(OAuthResourceServer.Policy);
            app.MapGet(PublishedIssuerMetadata.Path, PublishedIssuerMetadata.WriteAsync);
        }
        return app;
    }

    private static bool IsHealthPath(PathString path) => path == LivenessPath || path == ReadinessPath;
}
