using Microsoft.Extensions.Configuration;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// The server's one configuration, read once and handed to whichever host runs (stdio or HTTP), so that what is
/// validated at start is exactly what the server uses. Lowest first: default log levels, <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> beside the server (never from the directory the agent's host happened to
/// start it in, and not watched: a reloaded setting would skip the start-up validation), environment variables, the
/// files of <see cref="SecretsDirectory"/>, then the command line.
/// <para>
/// Log levels: one line per tool call from this server, warnings and errors from the libraries (the framework's
/// default would write the SDK's request lines and HttpClient's four lines per call too). Every level can be raised
/// with <c>Logging__LogLevel__&lt;category&gt;</c>.
/// </para>
/// </summary>
internal static class SettingsSources
{
    private static readonly Dictionary<string, string?> LogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:ModelContextProtocol"] = "Warning",
    };

    /// <summary>The environment name, as .NET hosts read it (<c>DOTNET_ENVIRONMENT</c>, then <c>ASPNETCORE_ENVIRONMENT</c>).</summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
        : Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
        : "Production";

    public static ConfigurationManager Read(string[] arguments)
    {
        var settings = new ConfigurationManager();
        settings.AddInMemoryCollection(LogLevels);
        settings.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        settings.AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{EnvironmentName}.json"), optional: true, reloadOnChange: false);
        settings.AddEnvironmentVariables();
        settings.AddCommandLine(arguments);
        SecretsDirectory.AddTo(settings);
        return settings;
    }
}
