using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>The console logger of both transports: every line on stderr (stdout may carry the protocol), in the format
/// <see cref="ConsoleLogOptions.FormatterName"/> names (checked at start with the other settings), else simple lines,
/// or systemd's under systemd.</summary>
public static class StderrConsoleLogging
{
    /// <summary>Adds the console logger on stderr, its format read from <paramref name="settings"/>.</summary>
    public static ILoggingBuilder AddStderrConsole(this ILoggingBuilder logging, IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(settings);
        logging.AddConsole(console =>
        {
            console.LogToStandardErrorThreshold = LogLevel.Trace;
            // The slim web builder names the simple formatter in code, after the settings were applied: name theirs again.
            // Read raw, not through ConsoleLogOptions: the first logger is made before start, and a failed validation
            // there would hide every other settings problem from the list Program prints.
            // Under systemd the journal takes each line's level from systemd's prefix.
            console.FormatterName = settings[$"{ConsoleLogOptions.Section}:{nameof(ConsoleLogOptions.FormatterName)}"] is { Length: > 0 } name
                ? name
                : SystemdHelpers.IsSystemdService() ? ConsoleFormatterNames.Systemd : ConsoleFormatterNames.Simple;
        });
        // A failure to start is reported by Program in one list or line; the host would add its stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        return logging;
    }
}
