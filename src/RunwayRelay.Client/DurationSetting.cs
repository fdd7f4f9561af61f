using System.Globalization;

namespace RunwayRelay.Client;

/// <summary>What is wrong with a duration setting outside its range, said with the value as it was read.
/// Configuration reads a bare number as that many days (a <see cref="TimeSpan"/> is <c>d.hh:mm:ss</c>), while the
/// server's other timing settings beside these (<c>Wait:DefaultTimeoutSeconds</c>, ...) are in seconds: someone who
/// writes <c>Relay:Timeout=30</c> meant 30 seconds, and is told how to write that.</summary>
internal static class DurationSetting
{
    /// <summary>The problem with <paramref name="value"/> for the setting <paramref name="name"/>, or <c>null</c> when it
    /// lies from <paramref name="least"/> to <paramref name="most"/>.</summary>
    public static string? Explain(string name, TimeSpan value, TimeSpan least, TimeSpan most)
    {
        if (value >= least && value <= most)
        {
            return null;
        }
        var range = string.Create(CultureInfo.InvariantCulture, $"{name} must be between {least:c} and {most:c} (hours:minutes:seconds)");
        return value > TimeSpan.Zero && value.Ticks % TimeSpan.TicksPerDay == 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"{range}; it was read as {value.Days} days, as .NET reads a bare number: for {value.Days} seconds write {TimeSpan.FromSeconds(value.Days):c}.")
            : string.Create(CultureInfo.InvariantCulture, $"{range}; it is {value:c}.");
    }
}
