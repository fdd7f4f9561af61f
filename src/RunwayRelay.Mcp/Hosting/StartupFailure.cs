using Microsoft.Extensions.Options;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>The settings problems behind a failed start, each a sentence that says how to fix it.</summary>
internal static class StartupFailure
{
    /// <summary>Every options validation failure in <paramref name="failure"/>, or <c>null</c> when it is not one.</summary>
    public static List<string>? Describe(Exception failure) => failure switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => null,
    };
}
