using System.Buffers.Text;
using System.Text.Json;
using System.Web;

namespace RunwayRelay.Client;

/// <summary>
/// When an output URL stops working, as Runway's signature in it says: Runway's output URLs carry a <c>_jwt</c> query
/// parameter, a JWT whose <c>exp</c> claim is that time in Unix seconds (seen in Runway output URLs quoted in public
/// code; Runway documents only "within 24-48 hours"). Read for display, never trusted: checking the signature is the
/// file host's business.
/// </summary>
internal static class OutputUrlExpiry
{
    // 9999-12-31, the last second DateTimeOffset can hold.
    private const long LatestUnixSeconds = 253_402_300_799;

    /// <summary>The time the URL's <c>_jwt</c> states, or <c>null</c> when it carries none that reads as one.</summary>
    public static DateTimeOffset? Read(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http") || address.Query.Length < 2
            || HttpUtility.ParseQueryString(address.Query)["_jwt"]?.Split('.') is not [_, var payload, _])
        {
            return null;
        }
        try
        {
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(payload));
            return claims.RootElement.ValueKind == JsonValueKind.Object
                && claims.RootElement.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetInt64(out var seconds) && seconds is > 0 and <= LatestUnixSeconds
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception failure) when (failure is FormatException or JsonException)
        {
            return null;
        }
    }
}
