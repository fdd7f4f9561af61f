using System.Text;

namespace RunwayRelay.Client;

/// <summary>
/// Takes the key out of an answer that echoes it: a gateway may quote the credential it was sent in an error or a debug
/// field, and nothing this client hands back (a task, an error's message, whatever a tool builds from them) may carry
/// it. Matches the key as sent, byte for byte. Sits above <see cref="ResponseSizeLimitHandler"/>, so the body it reads
/// is already buffered and bounded.
/// </summary>
internal sealed class EchoedKeyRedactionHandler : DelegatingHandler
{
    private static readonly byte[] Redacted = "[redacted]"u8.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (SentKey(request) is not { } key)
        {
            return response;
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.AsSpan().IndexOf(key) < 0)
        {
            return response;
        }
        var redacted = new ByteArrayContent(Replaced(body, key));
        foreach (var header in response.Content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            redacted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content.Dispose();
        response.Content = redacted;
        return response;
    }

    // The bearer key this request carries to the relay (none once a redirect to another host dropped it).
    private static byte[]? SentKey(HttpRequestMessage request) =>
        request.Headers.TryGetValues("Authorization", out var values)
        && values.FirstOrDefault() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && value["Bearer ".Length..].Trim() is { Length: > 0 } key
            ? Encoding.UTF8.GetBytes(key)
            : null;

    private static byte[] Replaced(byte[] body, byte[] key)
    {
        using var output = new MemoryStream(body.Length);
        var rest = body.AsSpan();
        for (var at = rest.IndexOf(key); at >= 0; at = rest.IndexOf(key))
        {
            output.Write(rest[..at]);
            output.Write(Redacted);
            rest = rest[(at + key.Length)..];
        }
        output.Write(rest);
        return output.ToArray();
    }
}
