using Microsoft.Extensions.Time.Testing;
using Microsoft.Kiota.Abstractions;

namespace RunwayRelay.Client.Tests;

/// <summary><c>Retry-After</c> as the wait and the tools read it: seconds or an HTTP date (RFC 9110 §10.2.3), never a
/// negative wait, and nothing for what is not one of the two.</summary>
public sealed class RetryAfterHeaderTests
{
    private static readonly FakeTimeProvider Now = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("120", 120.0)]
    [InlineData(" 7 ", 7.0)]
    [InlineData("Mon, 07 Dec 2026 10:00:30 GMT", 30.0)]
    // A date already past asks for no wait, not a negative one.
    [InlineData("Mon, 07 Dec 2026 09:59:00 GMT", 0.0)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    [InlineData(null, null)]
    public void Reads_seconds_or_a_date_and_nothing_else(string? header, double? expectedSeconds)
    {
        var answer = new ApiException { ResponseStatusCode = 429 };
        if (header is not null)
        {
            answer.ResponseHeaders["Retry-After"] = [header];
        }

        var wait = RetryAfterHeader.Read(answer, Now);

        Assert.Equal(expectedSeconds, wait?.TotalSeconds);
    }
}
