using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
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
        var connection = new ClientConnection();
        builder.Services.AddSingleton(connection);
        builder.Services.AddOtlpExport(settings);
        builder.Services.AddRunwayRelayMcp().WithStdioServerTransport();
        // The SDK's stdio transport over the console streams as it uses them (output buffered), but standard input goes
        // through EndOfInputStream, so that a client going away stops long waits at once. Built here rather than with
        // WithStreamServerTransport, which builds it without the logger factory and so silences the transport's own
        // warnings (a failed read or write) and its note on a line that is not JSON-RPC. It takes no server name (its
        // log lines have their category): the server's options, which the name would have built first, take a while
        // (the tools' schemas), and the transport's read loop, which starts with it, reads the client's first message
        // meanwhile.
        builder.Services.Replace(ServiceDescriptor.Singleton<ITransport>(services => new StreamServerTransport(
            new EndOfInputStream(Console.OpenStandardInput(), connection),
            new BufferedStream(Console.OpenStandardOutput()),
            serverName: null,
            services.GetRequiredService<ILoggerFactory>())));
        return builder.Build();
    }
}
