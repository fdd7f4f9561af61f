using System.Globalization;
using Microsoft.Kiota.Abstractions;

namespace RunwayRelay.Client;

/// <summary>Reads <c>Retry-After</c> from an error answer: seconds, or an HTTP date (RFC 9110 §10.2.3).</summary>
public static class RetryAfterHeader
{
    /// <summary>How long the relay asked to wait, or <c>null</c> when it did not say (or said something unreadable).</summary>
    public static TimeSpan? Read(ApiException error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        return error.ResponseHeaders.TryGetValue("Retry-After", out var values) ? Read(values.FirstOrDefault(), time) : null;
    }

    /// <summary>How long a response asked to wait, the same way: the resilience pipeline's retry strategy (<see cref="RelayHttpPipeline"/>) decides with it whether a wait is worth it.</summary>
    internal static TimeSpan? Read(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? Read(values.FirstOrDefault(), time) : null;

    private static TimeSpan? Read(string? value, TimeProvider time)
    {
        if (value is null)
        {
            return null;
        }
        value = value.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
