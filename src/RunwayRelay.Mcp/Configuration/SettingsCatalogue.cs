using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>The settings a person sets for a real relay, by section, as the options types declare them: for naming the
/// setting meant by a name spelled otherwise (<c>RELAY_API_KEY</c>, <c>Relay:API_KEY</c>). Not Sandbox, whose Port a
/// Kubernetes service named "sandbox" would seem to set (<c>SANDBOX_PORT</c>), and not Logging, which the framework and
/// its providers share.</summary>
internal static class SettingsCatalogue
{
    /// <summary>The sections' paths.</summary>
    public static readonly string[] SectionNames = [RelayOptions.Section, ServerOptions.Section, WaitOptions.Section, ViewOptions.Section];

    /// <summary>The setting whose path, without separators and case, is <paramref name="squeezed"/> (such as
    /// <c>relayapikey</c>): its path (<c>Relay:ApiKey</c>) and whether it is a list, which takes its items by index.</summary>
    public static (string Path, bool IsList)? Find(string squeezed)
    {
        foreach (var (section, properties) in Sections())
        {
            var setting = properties.FirstOrDefault(property =>
                squeezed.Equals(section.Replace(":", "", StringComparison.Ordinal) + property.Name, StringComparison.OrdinalIgnoreCase));
            if (setting is not null)
            {
                return ($"{section}:{setting.Name}", IsList(setting));
            }
        }
        return null;
    }

    /// <summary><paramref name="name"/> without the separators a person may put between words: '_' and ':'.</summary>
    public static string Squeeze(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);

    // Looked up only when a name needs it: a start without a misspelt setting reads no property of these types.
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
