using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Parses a JSON body into a <see cref="TolerantJsonParseNode"/>, as Kiota's <c>JsonParseNodeFactory</c> does (a
/// <see cref="JsonDocument"/> whose root is cloned so the node outlives it, a leading byte order mark skipped, the same
/// reader limits), except that text which is not valid Unicode (bytes that are not UTF-8, an unpaired surrogate
/// escape) does not fail the read.
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
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        ReplaceUnpairedSurrogateEscapes(bytes.Span);
        using var document = JsonDocument.Parse(AsUtf8(bytes));
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

    // JSON's grammar allows an escape of half a surrogate pair ("\ud83d" alone), and JavaScript's JSON.stringify
    // (since ES2019) writes one for text cut in the middle of an emoji. System.Text.Json refuses to read such a string,
    // so, as for stray bytes, each unpaired half becomes U+FFFD: "\uFFFD" is as long as the escape it replaces.
    // Backslashes only occur in strings, and walking from escape to escape keeps an escaped backslash ("\\ud83d")
    // apart from an escape.
    private static void ReplaceUnpairedSurrogateEscapes(Span<byte> json)
    {
        var at = json.IndexOf((byte)'\\');
        while (at >= 0 && at + 1 < json.Length)
        {
            var length = 2;
            if (json[at + 1] == 'u' && UnicodeEscape(json, at) is { } unit)
            {
                length = 6;
                if (char.IsHighSurrogate(unit) && UnicodeEscape(json, at + 6) is { } low && char.IsLowSurrogate(low))
                {
                    length = 12;
                }
                else if (char.IsSurrogate(unit))
                {
                    "\\uFFFD"u8.CopyTo(json[at..]);
                }
            }
            var after = at + length;
            var next = after < json.Length ? json[after..].IndexOf((byte)'\\') : -1;
            at = next < 0 ? -1 : after + next;
        }
    }

    private static char? UnicodeEscape(ReadOnlySpan<byte> json, int at) =>
        at + 6 <= json.Length && json[at] == '\\' && json[at + 1] == 'u'
            && System.Buffers.Text.Utf8Parser.TryParse(json.Slice(at + 2, 4), out ushort unit, out var consumed, 'x') && consumed == 4
            ? (char)unit
            : null;
}
