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

    // Read once, and only when a name needs it: a start without a misspelt setting reads no property of these types.
    private static readonly Lazy<(string Path, PropertyInfo[] Settings)[]> Sections = new(() =>
    [
        (RelayOptions.Section, SettingsOf(typeof(RelayOptions))),
        (ServerOptions.Section, SettingsOf(typeof(ServerOptions))),
        ($"{ServerOptions.Section}:{nameof(ServerOptions.Auth)}", SettingsOf(typeof(ServerAuthOptions))),
        (WaitOptions.Section, SettingsOf(typeof(WaitOptions))),
        (ViewOptions.Section, SettingsOf(typeof(ViewOptions))),
    ]);

    /// <summary>The setting <paramref name="name"/> spells, separators ('_', ':') and case aside: <c>RELAY_API_KEY</c>,
    /// <c>Relay:API_KEY</c> and <c>relay_apikey</c> all find <c>Relay:ApiKey</c>.</summary>
    public static CatalogueSetting? Find(string name)
    {
        var squeezed = Squeeze(name);
        foreach (var (section, properties) in Sections.Value)
        {
            var setting = properties.FirstOrDefault(property => squeezed.Equals(Squeeze(section) + property.Name, StringComparison.OrdinalIgnoreCase));
            if (setting is not null)
            {
                return new CatalogueSetting($"{section}:{setting.Name}", IsList(setting));
            }
        }
        return null;
    }

    private static string Squeeze(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);

    private static bool IsList(PropertyInfo setting) =>
        setting.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(setting.PropertyType);

    // Settings are the properties configuration gives values to: those with a public setter, and lists, which it fills.
    // Not a nested section (Server:Auth is one of its own above), nor a computed property.
    private static PropertyInfo[] SettingsOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type options) =>
        [.. options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod is { IsPublic: true } || IsList(property))];
}
