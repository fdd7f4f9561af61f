using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using RunwayRelay.Client;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// Keys under one of the server's own sections that no setting has, such as <c>Relay__ApiKee</c>: named at start
/// instead of quietly ignored. The configuration binder finds them (<see cref="BinderOptions.ErrorOnUnknownConfiguration"/>);
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
    /// The keys <paramref name="bindStrictly"/> (a binding with <see cref="RefuseUnknownKeys"/>) refuses, as problems for
    /// options validation. Refused in the options' own binding instead, the binder's exception would stop the start-up
    /// validation at the first section and hide every other problem.
    /// </summary>
    public static IReadOnlyList<string> Problems(Action bindStrictly)
    {
        ArgumentNullException.ThrowIfNull(bindStrictly);
        try
        {
            bindStrictly();
            return [];
        }
        catch (InvalidOperationException refused) when (Describe(refused) is { } problems)
        {
            return problems;
        }
    }

    /// <summary>Each key the binder refused, with its section; <c>null</c> when <paramref name="failure"/> is another failure.</summary>
    public static IReadOnlyList<string>? Describe(InvalidOperationException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return RefusedKeys().Match(failure.Message) is { Success: true } parts && SectionOf(parts.Groups["type"].Value) is { } section
            ? [.. parts.Groups["keys"].Value.Split(", ").Select(key =>
                $"{section}:{key.Trim('\'')} is not a setting; check its spelling against the Configuration section of the README, or remove it.")]
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
    private static partial Regex RefusedKeys();
}
