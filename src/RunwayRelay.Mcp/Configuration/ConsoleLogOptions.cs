using Microsoft.Extensions.Logging.Console;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// The console log format, bound from <c>Logging:Console</c> (<c>Logging__Console__FormatterName</c>) and checked at
/// start with the other settings: the console logger itself would quietly write simple lines for a name it does not have.
/// </summary>
public sealed class ConsoleLogOptions
{
    /// <summary>Configuration section, the console logger's own.</summary>
    public const string Section = "Logging:Console";

    /// <summary>The formats the console logger has: one line of text, one JSON object a line (for log collectors), or
    /// systemd's journal prefixes.</summary>
    public static IReadOnlyList<string> FormatterNames { get; } = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    /// <summary><c>simple</c> (also when empty), <c>json</c> or <c>systemd</c>.</summary>
    public string? FormatterName { get; set; } = ConsoleFormatterNames.Simple;

    /// <summary>Problems with these settings, each saying how to fix it.</summary>
    public IReadOnlyList<string> Validate() =>
        string.IsNullOrEmpty(FormatterName) || FormatterNames.Contains(FormatterName, StringComparer.OrdinalIgnoreCase)
            ? []
            : [$"Logging:Console:FormatterName has '{FormatterName}', which is not one of {string.Join(", ", FormatterNames)} (json writes one JSON object a line, for log collectors); leave it out for simple."];
}
