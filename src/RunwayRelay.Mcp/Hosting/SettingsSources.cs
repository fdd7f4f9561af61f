using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// Where both hosts read their settings: <c>appsettings.json</c> beside the server (as the README says and as
/// <c>Program</c> reads it before choosing a host), never from the directory the agent's host happened to start
/// us in, and once. The hosting defaults would watch the working directory for changes, and on Linux that watcher
/// walks the whole tree before the first request is read: 30 ms from this repository, 1.2 s from <c>/</c>. A
/// reloaded setting would also skip the start-up validation.
/// </summary>
internal static class SettingsSources
{
    private const string ReadOnce = "--hostBuilder:reloadConfigOnChange=false";

    public static HostApplicationBuilderSettings ForStdio(string[] arguments)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        return new HostApplicationBuilderSettings { Args = arguments, ContentRootPath = AppContext.BaseDirectory, Configuration = configuration };
    }

    public static WebApplicationOptions ForHttp(string[] arguments) =>
        new() { Args = [.. arguments, ReadOnce], ContentRootPath = AppContext.BaseDirectory };
}
