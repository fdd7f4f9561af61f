using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Parses a JSON body into a <see cref="TolerantJsonParseNode"/>, as Kiota's <c>JsonParseNodeFactory</c> does (a
/// <see cref="JsonDocument"/> whose root is cloned so the node outlives it, a leading byte order mark skipped, the same
/// reader limits), except that bytes which are not UTF-8 do not fail the read.
/// </summary>
internal sealed class TolerantJsonParseNodeFactory : IParseNodeFactory
{
    public string ValidContentType => "application/json";

    public async Task<IParseNode> GetRootParseNodeAsync(string contentType, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentNullException.ThrowIfNull(content);
        if (!ValidContentType.Equals(contentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentOutOfRangeException(nameof(contentType), $"expected a {ValidContentType} content type");
        }
        using var body = new MemoryStream();
        await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(AsUtf8(body.GetBuffer().AsMemory(0, (int)body.Length)));
        return new TolerantJsonParseNode(document.RootElement.Clone());
    }

    // JSON is UTF-8 (RFC 8259 section 8.1), yet a relay may write another encoding into a string (Latin-1 "é" as 0xE9).
    // System.Text.Json would then fail on reading that string, and the whole task would be lost to one byte; decoding
    // replaces each stray byte with U+FFFD, as any UTF-8 decoder does, and keeps the rest.
    private static ReadOnlyMemory<byte> AsUtf8(ReadOnlyMemory<byte> body)
    {
        if (!Utf8.IsValid(body.Span))
        {
            body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body.Span));
        }
        return body.Span.StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;
    }
}
