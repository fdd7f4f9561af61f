using Microsoft.Extensions.Configuration;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// Environment variables that name one of the server's settings with single underscores (<c>RELAY_API_KEY</c>,
/// <c>Relay_BaseUrl</c>), as most programs spell theirs, while .NET configuration reads a section and its key only when
/// two underscores join them (<c>Relay__ApiKey</c>). Ignored, such a variable would leave the server without the
/// setting and the person sure they had set it. Named only while the setting itself has no value, so that a variable
/// of another program's that looks like one never stands in the way of a server configured properly.
/// </summary>
internal static class EnvironmentVariableSpelling
{
    /// <summary>A problem for each of <paramref name="variableNames"/> that spells a setting with single underscores
    /// while that setting has no value in <paramref name="settings"/>.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration settings, IEnumerable<string> variableNames)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(variableNames);
        var problems = new List<string>();
        var candidates = variableNames.Where(name => !name.Contains("__", StringComparison.Ordinal)
            && SettingsCatalogue.SectionNames.Any(section => name.StartsWith($"{section}_", StringComparison.OrdinalIgnoreCase)));
        foreach (var name in candidates.Order(StringComparer.Ordinal))
        {
            if (SettingsCatalogue.Find(name) is { } meant && !settings.GetSection(meant.Path).Exists())
            {
                problems.Add($"{name} is set in the environment but not read: a setting's variable takes two underscores between section and name, {meant.Variable}. Rename it, or remove it if it belongs to another program.");
            }
        }
        return problems;
    }
}
