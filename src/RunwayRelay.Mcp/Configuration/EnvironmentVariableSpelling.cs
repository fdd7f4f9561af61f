using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using RunwayRelay.Client;

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
    // The sections a person sets for a real relay; not Sandbox, whose Port a Kubernetes service named "sandbox" would
    // seem to set (SANDBOX_PORT), and not Logging, which the framework and its providers share.
    private static readonly string[] SectionNames = [RelayOptions.Section, ServerOptions.Section, WaitOptions.Section, ViewOptions.Section];

    /// <summary>A problem for each of <paramref name="variableNames"/> that spells a setting with single underscores
    /// while that setting has no value in <paramref name="settings"/>.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration settings, IEnumerable<string> variableNames)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(variableNames);
        List<string> candidates = [.. variableNames.Where(name => !name.Contains("__", StringComparison.Ordinal)
            && SectionNames.Any(section => name.StartsWith($"{section}_", StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal)];
        if (candidates.Count == 0)
        {
            // The usual start: no setting's properties are looked up.
            return [];
        }
        var sections = Sections();
        var problems = new List<string>();
        foreach (var name in candidates)
        {
            var squeezed = name.Replace("_", "", StringComparison.Ordinal);
            foreach (var (path, properties) in sections)
            {
                var setting = properties.FirstOrDefault(property =>
                    squeezed.Equals(path.Replace(":", "", StringComparison.Ordinal) + property.Name, StringComparison.OrdinalIgnoreCase));
                if (setting is null || settings.GetSection($"{path}:{setting.Name}").Exists())
                {
                    continue;
                }
                // A list takes its items by index.
                var spelled = $"{path.Replace(":", "__", StringComparison.Ordinal)}__{setting.Name}{(IsList(setting) ? "__0" : "")}";
                problems.Add($"{name} is set in the environment but not read: a setting's variable takes two underscores between section and name, {spelled}. Rename it, or remove it if it belongs to another program.");
            }
        }
        return problems;
    }

    private static (string Path, PropertyInfo[] Settings)[] Sections() =>
    [
        (RelayOptions.Section, SettingsOf(typeof(RelayOptions))),
        (ServerOptions.Section, SettingsOf(typeof(ServerOptions))),
        ($"{ServerOptions.Section}:{nameof(ServerOptions.Auth)}", SettingsOf(typeof(ServerAuthOptions))),
        (WaitOptions.Section, SettingsOf(typeof(WaitOptions))),
        (ViewOptions.Section, SettingsOf(typeof(ViewOptions))),
    ];

    private static bool IsList(PropertyInfo setting) =>
        setting.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(setting.PropertyType);

    // Settings are the properties configuration gives values to: those with a public setter, and lists, which it fills.
    // Not a nested section (Server:Auth is one of its own above), nor a computed property.
    private static PropertyInfo[] SettingsOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type options) =>
        [.. options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod is { IsPublic: true } || IsList(property))];
}
