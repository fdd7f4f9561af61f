using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// Where both hosts read their settings, and the defaults under them.
/// <para>
/// Files: <c>appsettings.json</c> beside the server (as the README says and as <c>Program</c> reads it before
/// choosing a host), never from the directory the agent's host happened to start us in, and read once. The hosting
/// defaults would watch the working directory for changes, and on Linux that watcher walks the whole tree before the
/// first request is read: 30 ms from this repository, 1.2 s from <c>/</c>. A reloaded setting would also skip the
/// start-up validation.
/// </para>
/// <para>
/// Log levels: one line per tool call from this server, warnings and errors from the libraries. At the framework's
/// default (everything at Information) each call wrote eight lines to stderr: the SDK's request lines and four from
/// HttpClient. Every level can still be raised with <c>Logging__LogLevel__&lt;category&gt;</c>.
/// </para>
/// </summary>
internal static class SettingsSources
{
    // The hosting defaults read this from the host's own settings, before any app setting exists, so it travels as
    // a command-line argument: neither host's option type can carry it.
    private const string ReadFilesOnce = "--hostBuilder:reloadConfigOnChange=false";

    private static readonly Dictionary<string, string?> LogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:ModelContextProtocol"] = "Warning",
    };

    public static HostApplicationBuilderSettings ForStdio(string[] arguments) =>
        new() { Args = [.. arguments, ReadFilesOnce], ContentRootPath = AppContext.BaseDirectory };

    public static WebApplicationOptions ForHttp(string[] arguments) =>
        new() { Args = [.. arguments, ReadFilesOnce], ContentRootPath = AppContext.BaseDirectory };

    /// <summary>Puts the default log levels under every other settings source of a host, so any of them wins.</summary>
    public static void AddDefaultsUnder(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LogLevels });
    }
}
