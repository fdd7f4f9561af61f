using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Mcp.Transports.Http;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// Traces, metrics and logs by OTLP for teams that collect them, switched on the way OpenTelemetry's own conventions
/// say: by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. Without it nothing listens, so no span or measurement is even made.
/// What is exported is what the framework and the SDK already describe: the MCP SDK's spans and operation durations,
/// ASP.NET Core's requests (HTTP mode), HttpClient's relay requests, and this server's tool results
/// (<see cref="ToolResultTelemetry"/>). None of them carries a header, so keys and tokens stay out.
/// </summary>
public static class OtlpExport
{
    /// <summary>The service name when neither <c>OTEL_SERVICE_NAME</c> nor <c>OTEL_RESOURCE_ATTRIBUTES</c> gives one.</summary>
    public const string DefaultServiceName = "runway-relay-mcp";

    // The MCP SDK's ActivitySource and Meter (named Experimental while the semantic conventions are).
    private const string McpSdkSource = "Experimental.ModelContextProtocol";

    /// <summary>Adds the exporter when <paramref name="settings"/> names a collector; its settings are checked at start either way.</summary>
    public static IServiceCollection AddOtlpExport(this IServiceCollection services, IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddOptions<OtlpExportOptions>()
            .Configure<IConfiguration>((otlp, configuration) =>
            {
                otlp.Endpoint = configuration[OtlpExportOptions.EndpointSetting];
                otlp.Protocol = configuration[OtlpExportOptions.ProtocolSetting];
                foreach (var signal in OtlpExportOptions.SignalEndpointSettings.Where(name => !string.IsNullOrWhiteSpace(configuration[name])))
                {
                    otlp.SignalEndpointsSet.Add(signal);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OtlpExportOptions>>(new ProblemListValidator<OtlpExportOptions>(o => o.Validate()));
        // Decided while building: it decides whether anything listens.
        if (!new OtlpExportOptions { Endpoint = settings[OtlpExportOptions.EndpointSetting] }.Enabled)
        {
            return services;
        }
        // A collector beside the server (a sidecar) is reached directly, as a relay on loopback is: .NET would send it
        // to the proxy the environment names unless NO_PROXY lists loopback. Every signal's exporter, whichever protocol,
        // takes its HttpClient from this factory; a collector elsewhere keeps the exporter's own.
        services.ConfigureAll<OtlpExporterOptions>(exporter =>
        {
            if (exporter.Endpoint.IsLoopback)
            {
                exporter.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMilliseconds(exporter.TimeoutMilliseconds) };
            }
        });
        services.AddOpenTelemetry()
            // This server's defaults first, then OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME over them, so that an
            // operator's service.instance.id (a pod's name, say) wins over the generated one.
            .ConfigureResource(resource => resource.AddService(DefaultServiceName, serviceVersion: ProductInfo.Version).AddEnvironmentVariableDetector())
            // HttpClient's spans carry their attributes already; ASP.NET Core's get theirs from the instrumentation.
            // A balancer's health checks, every few seconds from each balancer, would bury the calls: not traced.
            .WithTracing(tracing => tracing.AddSource(McpSdkSource, "System.Net.Http").AddAspNetCoreInstrumentation(aspNetCore =>
                aspNetCore.Filter = context => context.Request.Path != RelayMcpHttpApp.LivenessPath && context.Request.Path != RelayMcpHttpApp.ReadinessPath))
            .WithMetrics(metrics => metrics.AddMeter(McpSdkSource, ToolResultTelemetry.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http"))
            // Endpoint, protocol, headers, intervals: the exporter reads OTEL_* from the host's configuration itself.
            .UseOtlpExporter();
        return services;
    }
}
