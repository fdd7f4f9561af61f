using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// The log levels under <c>Logging:LogLevel</c> and each logger's own <c>Logging:&lt;provider&gt;:LogLevel</c>, checked
/// before a host is built: the logging framework reads them while the host is built and throws on a word it does not
/// know ("Configuration value 'Loud' is not supported"), without naming the setting.
/// </summary>
public static class LogLevelSettings
{
    /// <summary>The section that holds the levels, the logging framework's own.</summary>
    public const string Section = "Logging";

    /// <summary>Each level that is not one, as a sentence naming the setting and the levels there are.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var logging = settings.GetSection(Section);
        var levelSections = logging.GetChildren()
            .Select(child => child.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? child : child.GetSection("LogLevel"));
        return [.. levelSections.SelectMany(levels => levels.GetChildren())
            .Where(level => !string.IsNullOrEmpty(level.Value) && !Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out _))
            .Select(level => $"{level.Path} has '{level.Value}', which is not a log level: {string.Join(", ", Enum.GetNames<LogLevel>())}.")];
    }
}
