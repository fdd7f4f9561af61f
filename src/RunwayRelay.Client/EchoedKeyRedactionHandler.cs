using System.Net.Http.Headers;
using System.Text;

namespace RunwayRelay.Client;

/// <summary>
/// Takes the key out of an answer that echoes it: a gateway may quote the credential it was sent in an error, a debug
/// field or a header, and nothing this client hands back (a task, an error's message and headers, whatever a tool
/// builds from them) may carry it. Matches the key as sent, byte for byte. Sits above
/// <see cref="ResponseSizeLimitHandler"/>, so the body it reads is already buffered and bounded.
/// </summary>
internal sealed class EchoedKeyRedactionHandler : DelegatingHandler
{
    private const string Redacted = "[redacted]";
    private static readonly byte[] RedactedBytes = Encoding.UTF8.GetBytes(Redacted);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (SentKey(request) is not { } key)
        {
            return response;
        }
        // The headers a typed error carries (ApiException.ResponseHeaders).
        RedactHeaders(response.Headers, key);
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.AsSpan().IndexOf(keyBytes) < 0)
        {
            return response;
        }
        var redacted = new ByteArrayContent(Replaced(body, keyBytes));
        foreach (var header in response.Content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            redacted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content.Dispose();
        response.Content = redacted;
        return response;
    }

    // The bearer key this request carries to the relay (none once a redirect to another host dropped it).
    private static string? SentKey(HttpRequestMessage request) =>
        request.Headers.TryGetValues("Authorization", out var values)
        && values.FirstOrDefault() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && value["Bearer ".Length..].Trim() is { Length: > 0 } key
            ? key
            : null;

    // Read as sent (NonValidated): parsing every header of every answer only to look for the key would cost more.
    private static void RedactHeaders(HttpHeaders headers, string key)
    {
        List<string>? echoed = null;
        foreach (var (name, values) in headers.NonValidated)
        {
            foreach (var value in values)
            {
                if (value.Contains(key, StringComparison.Ordinal))
                {
                    (echoed ??= []).Add(name);
                    break;
                }
            }
        }
        foreach (var name in echoed ?? [])
        {
            var values = headers.NonValidated[name].Select(v => v.Replace(key, Redacted, StringComparison.Ordinal)).ToArray();
            headers.Remove(name);
            headers.TryAddWithoutValidation(name, values);
        }
    }

    private static byte[] Replaced(byte[] body, byte[] key)
    {
        using var output = new MemoryStream(body.Length);
        var rest = body.AsSpan();
        for (var at = rest.IndexOf(key); at >= 0; at = rest.IndexOf(key))
        {
            output.Write(rest[..at]);
            output.Write(RedactedBytes);
            rest = rest[(at + key.Length)..];
        }
        output.Write(rest);
        return output.ToArray();
    }
}
