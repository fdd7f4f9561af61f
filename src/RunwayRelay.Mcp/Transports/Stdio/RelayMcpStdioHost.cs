using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Hosting;

namespace RunwayRelay.Mcp.Transports.Stdio;

/// <summary>The stdio server: one client, the host that started this process, on standard input and output.</summary>
public static class RelayMcpStdioHost
{
    /// <summary>Builds (does not start) the host on <paramref name="settings"/>, the server's one configuration.</summary>
    public static IHost Build(ConfigurationManager settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Configuration = settings,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = SettingsSources.EnvironmentName,
        });
        // stdout carries the protocol alone; every log line goes to stderr.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddStderrConsole(builder.Configuration);
        // The console streams as the SDK's own stdio transport uses them (output buffered); standard input goes through
        // EndOfInputStream, so that a client going away stops long waits at once.
        var connection = new ClientConnection();
        builder.Services.AddSingleton(connection);
        builder.Services.AddOtlpExport(settings);
        builder.Services.AddRunwayRelayMcp()
            .WithStreamServerTransport(
                new EndOfInputStream(Console.OpenStandardInput(), connection),
                new BufferedStream(Console.OpenStandardOutput()));
        return builder.Build();
    }
}
