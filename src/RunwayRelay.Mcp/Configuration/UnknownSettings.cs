using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using RunwayRelay.Client;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// Settings the configuration binder would quietly ignore, named at start instead: a key under one of the server's
/// own sections that no setting has, such as <c>Relay__ApiKee</c> (the binder finds those, with
/// <see cref="BinderOptions.ErrorOnUnknownConfiguration"/>), one value where a list belongs
/// (<c>Server__AllowedOrigins</c> without its index), and items where one value belongs (<c>Server__Urls__0</c>).
/// <c>Logging</c> is left alone, since the logging framework and its providers share it.
/// </summary>
internal static partial class UnknownSettings
{
    /// <summary>Binder options that refuse a key no setting has.</summary>
    public static void RefuseUnknownKeys(BinderOptions binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.ErrorOnUnknownConfiguration = true;
    }

    /// <summary>
    /// The keys (full paths) <paramref name="bindStrictly"/> (a binding with <see cref="RefuseUnknownKeys"/>) refuses, for
    /// options validation. Refused in the options' own binding instead, the binder's exception would stop the start-up
    /// validation at the first section and hide every other problem.
    /// </summary>
    public static IReadOnlyList<string> RefusedKeys(Action bindStrictly)
    {
        ArgumentNullException.ThrowIfNull(bindStrictly);
        try
        {
            bindStrictly();
            return [];
        }
        catch (InvalidOperationException refused) when (RefusedKeys(refused) is { } keys)
        {
            return keys;
        }
    }

    /// <summary>The problem of a key no setting has, naming the setting it spells otherwise (<c>Relay:API_KEY</c>).</summary>
    public static string NotASetting(string key) => SettingsCatalogue.Find(key) is { } meant
        ? $"{key} is not a setting; {meant.Key} is (environment variable {meant.Variable})."
        : $"{key} is not a setting; check its spelling against the Configuration section of the README, or remove it.";

    /// <summary>Each of <paramref name="lists"/> (names under <paramref name="section"/>) given one value rather than
    /// items, which the binder skips.</summary>
    public static IEnumerable<string> ListsGivenOneValue(IConfigurationSection section, IEnumerable<string> lists)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(lists);
        return lists.Select(section.GetSection).Where(list => !string.IsNullOrEmpty(list.Value)).Select(list =>
            $"{list.Path} is a list: give each item an index ({list.Path.Replace(":", "__", StringComparison.Ordinal)}__0, __1, …, or --{list.Path}:0=… on the command line).");
    }

    /// <summary>
    /// Each setting under <paramref name="section"/> given items (<c>Server__Urls__0</c>, an array in a settings file)
    /// where it takes one value, which the binder skips. Items belong to the <paramref name="lists"/>, and to a section
    /// on the way to one (<c>Auth</c> holds <c>Auth:Scopes</c>); the <paramref name="refused"/> keys are no settings at
    /// all, and are named as such.
    /// </summary>
    public static IEnumerable<string> ValuesGivenItems(IConfigurationSection section, IReadOnlyList<string> lists, IReadOnlyList<string> refused)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(refused);
        foreach (var setting in section.GetChildren())
        {
            var name = setting.Path[(section.Path.Length + 1)..];
            if (!setting.GetChildren().Any() || lists.Contains(name, StringComparer.OrdinalIgnoreCase) || refused.Contains(setting.Path, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            List<string> listsInside = [.. lists.Where(list => list.StartsWith($"{name}:", StringComparison.OrdinalIgnoreCase)).Select(list => list[(name.Length + 1)..])];
            if (listsInside.Count > 0)
            {
                foreach (var problem in ValuesGivenItems(setting, listsInside, refused))
                {
                    yield return problem;
                }
                continue;
            }
            yield return $"{setting.Path} takes one value, but was given items ({setting.GetChildren().First().Path}): set it without an index ({setting.Path.Replace(":", "__", StringComparison.Ordinal)}=…, or --{setting.Path}=… on the command line), or as one value, not an array, in a settings file.";
        }
    }

    /// <summary>Each key the binder refused, with its section; <c>null</c> when <paramref name="failure"/> is another failure.</summary>
    public static IReadOnlyList<string>? Describe(InvalidOperationException failure) => RefusedKeys(failure)?.Select(NotASetting).ToList();

    private static IReadOnlyList<string>? RefusedKeys(InvalidOperationException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return RefusedKeysMessage().Match(failure.Message) is { Success: true } parts && SectionOf(parts.Groups["type"].Value) is { } section
            ? [.. parts.Groups["keys"].Value.Split(", ").Select(key => $"{section}:{key.Trim('\'')}")]
            : null;
    }

    private static string? SectionOf(string type) => type switch
    {
        _ when type == typeof(RelayOptions).FullName => RelayOptions.Section,
        _ when type == typeof(ServerOptions).FullName => ServerOptions.Section,
        _ when type == typeof(ServerAuthOptions).FullName => $"{ServerOptions.Section}:{nameof(ServerOptions.Auth)}",
        _ when type == typeof(WaitOptions).FullName => WaitOptions.Section,
        _ when type == typeof(ViewOptions).FullName => ViewOptions.Section,
        _ when type == typeof(SandboxOptions).FullName => SandboxOptions.Section,
        _ => null,
    };

    // The configuration binder's sentence (Microsoft.Extensions.Configuration.Binder) when ErrorOnUnknownConfiguration is set.
    [GeneratedRegex(@"^'ErrorOnUnknownConfiguration' was set on the provided BinderOptions, but the following properties were not found on the instance of (?<type>[\w.+]+): (?<keys>.+)$", RegexOptions.Singleline)]
    private static partial Regex RefusedKeysMessage();
}
