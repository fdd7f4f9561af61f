using Microsoft.Kiota.Abstractions;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Failures below HTTP, each named for what to check: most come from a wrong Relay:BaseUrl, which asking again
/// would not mend. The sandbox cannot make most of them; real relays and networks do.</summary>
public sealed class RelayFailureTranslatorTests
{
    public static TheoryData<string, Exception, string, string> Failures => new()
    {
        { "host unknown", new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"), "relay_unreachable", "host name does not resolve. Check Relay__BaseUrl." },
        { "refused", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (relay.example:443)"), "relay_unreachable", "Could not connect to the relay (Connection refused (relay.example:443))" },
        { "TLS", new HttpRequestException(HttpRequestError.SecureConnectionError, "outer", new IOException("The SSL connection could not be established")), "relay_unreachable", "secure connection with the relay (The SSL connection could not be established). Check Relay__BaseUrl (https only" },
        { "not HTTP", new HttpRequestException(HttpRequestError.InvalidResponse, "outer", new IOException("Received an invalid status line: 'SSH-2.0'")), "relay_unreachable", "not HTTP (Received an invalid status line: 'SSH-2.0')" },
        { "cut off", new HttpRequestException(HttpRequestError.ResponseEnded, "outer", new IOException("The response ended prematurely")), "relay_unreachable", "broke before its whole answer arrived (The response ended prematurely)" },
        { "redirect not followed", new ApiException("redirect") { ResponseStatusCode = 307 }, "unexpected_response", "a redirect (HTTP 307) that could not be followed" },
        { "redirect to another host", new RelayRedirectRefusedException(new Uri("https://elsewhere.example/t"), new Uri("https://relay.example/t")), "unexpected_response", "redirected the request to another host (elsewhere.example)" },
        { "redirect to https", new RelayRedirectRefusedException(new Uri("https://relay.example/t"), new Uri("http://relay.example/t")), "unexpected_response", "The relay redirects http to https: use https in Relay__BaseUrl (https://relay.example)" },
        { "no answer in time", new Polly.Timeout.TimeoutRejectedException(), "relay_timeout", "did not answer within 30 seconds" },
        { "an empty object", new UnexpectedTaskShapeException(["id", "status"], []), "unexpected_response", "fields that arrived: none. The relay may not forward this path" },
        // Kiota's status ranges, at their edges: a 2xx it could not parse, a 300 its redirect handler does not follow.
        { "a 299 not JSON", new ApiException("not JSON") { ResponseStatusCode = 299 }, "unexpected_response", "The relay's answer is not valid JSON" },
        { "a 300", new ApiException("multiple choices") { ResponseStatusCode = 300 }, "unexpected_response", "a redirect (HTTP 300) that could not be followed" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_below_http_is_named_with_what_to_check(string what, Exception failure, string kind, string says)
    {
        var error = new RelayFailureTranslator(TimeProvider.System, RelayProxy.None).Translate(failure, "demo-x", TimeSpan.FromSeconds(30), []);

        Assert.True(kind == error.Kind, $"{what}: {error.Kind}");
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_relay_sent_is_quoted_at_most_300_characters()
    {
        // A relay answering with hundreds of fields: the error names the first of them, not all.
        var fields = Enumerable.Range(0, 500).Select(i => $"field{i}").ToArray();

        var error = new RelayFailureTranslator(TimeProvider.System, RelayProxy.None).Translate(new UnexpectedTaskShapeException(["status"], fields), "demo-x", TimeSpan.FromSeconds(30), []);

        Assert.Equal("unexpected_response", error.Kind);
        var quoted = error.Message.Split("fields that arrived: ")[1].Split(". The relay may not")[0];
        Assert.StartsWith("field0, field1, ", quoted, StringComparison.Ordinal);
        Assert.Equal(301, quoted.Length);
        Assert.EndsWith("…", quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_relay_sent_is_quoted_whole_up_to_300_characters()
    {
        var field = new string('f', 300);

        var error = new RelayFailureTranslator(TimeProvider.System, RelayProxy.None).Translate(new UnexpectedTaskShapeException(["status"], [field]), "demo-x", TimeSpan.FromSeconds(30), []);

        Assert.Contains($"fields that arrived: {field}. The relay may not", error.Message, StringComparison.Ordinal);
    }
}
