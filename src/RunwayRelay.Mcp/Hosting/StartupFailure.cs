using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>The settings problems behind a failed start, each a sentence that says how to fix it.</summary>
internal static partial class StartupFailure
{
    /// <summary>Every settings problem in <paramref name="failure"/> (invalid options, a value of the wrong type), or <c>null</c> when it is not one.</summary>
    public static List<string>? Describe(Exception failure) => failure switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        // A value that does not convert to its setting's type (a word where a number belongs). The configuration
        // binder's message names the setting, the value and the type; settings that hold secrets are plain text,
        // which always converts, so no secret can appear in it.
        InvalidOperationException { InnerException: FormatException or OverflowException or ArgumentException } unreadable =>
            [UnconvertibleValue().Match(unreadable.Message) is { Success: true } parts
                ? $"{parts.Groups["path"].Value} has '{parts.Groups["value"].Value}', which is not {Expected(parts.Groups["type"].Value)}; leave it out for its default."
                : $"{unreadable.Message} Give a value of that type, or leave the setting out for its default."],
        // A key that no setting has, from the strict bindings Program makes before a host exists.
        InvalidOperationException refused when UnknownSettings.Describe(refused) is { } named => [.. named],
        // A settings file that is not valid JSON (which file, and where the reader stopped) or not one JSON object.
        InvalidDataException { InnerException: FormatException unreadable } unreadableFile =>
            [$"{unreadableFile.Message} {(unreadable.InnerException ?? unreadable).Message} Fix the file or remove it."],
        // One problem can fail two options types (the view's options read the relay's), so each is said once.
        AggregateException many when many.InnerExceptions.Select(Describe).ToList() is var described && described.All(d => d is not null) =>
            [.. described.SelectMany(d => d!).Distinct(StringComparer.Ordinal)],
        _ => null,
    };

    /// <summary>What a value of the setting's type looks like, in the words of the README's settings table.</summary>
    private static string Expected(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration such as 00:00:30 (hours:minutes:seconds)",
        "System.Uri" => "a URL",
        _ when type == typeof(McpTransport).FullName => $"one of {string.Join(", ", Enum.GetNames<McpTransport>())}",
        _ => $"a {type[(type.LastIndexOf('.') + 1)..]}",
    };

    // The configuration binder's own sentence (Microsoft.Extensions.Configuration.Binder); anything else is shown as it is.
    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'\.", RegexOptions.Singleline)]
    private static partial Regex UnconvertibleValue();
}
