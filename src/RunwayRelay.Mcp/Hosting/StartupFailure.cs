using Microsoft.Extensions.Options;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>The settings problems behind a failed start, each a sentence that says how to fix it.</summary>
internal static class StartupFailure
{
    /// <summary>Every settings problem in <paramref name="failure"/> (invalid options, a value of the wrong type), or <c>null</c> when it is not one.</summary>
    public static List<string>? Describe(Exception failure) => failure switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        // A value that does not convert to its setting's type (a word where a number belongs). The configuration
        // binder's message names the setting, the value and the type; settings that hold secrets are plain text,
        // which always converts, so no secret can appear in it.
        InvalidOperationException { InnerException: FormatException or OverflowException or ArgumentException } unreadable =>
            [$"{unreadable.Message} Give a value of that type, or leave the setting out for its default."],
        // A settings file that is not valid JSON: which file, and where the reader stopped.
        InvalidDataException { InnerException: FormatException { InnerException: { } reader } } unreadableFile =>
            [$"{unreadableFile.Message} {reader.Message} Fix the file or remove it."],
        // One problem can fail two options types (the view's options read the relay's), so each is said once.
        AggregateException many when many.InnerExceptions.Select(Describe).ToList() is var described && described.All(d => d is not null) =>
            [.. described.SelectMany(d => d!).Distinct(StringComparer.Ordinal)],
        _ => null,
    };
}
