using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Parses a JSON body into a <see cref="RelayJsonParseNode"/>. Kiota's factory parses into a pooled
/// <see cref="JsonDocument"/> and then clones the whole document so the node can outlive it; reading the bounded,
/// already buffered body (see <see cref="ResponseSizeLimitHandler"/>) into an element that owns its memory does the
/// same work once. The same reader limits apply as in Kiota: no comments, no trailing commas, depth 64, and nothing
/// after the value.
/// </summary>
internal sealed class RelayJsonParseNodeFactory : IParseNodeFactory
{
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public string ValidContentType => "application/json";

    public async Task<IParseNode> GetRootParseNodeAsync(string contentType, Stream content, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            throw new ArgumentNullException(nameof(contentType));
        }
        ArgumentNullException.ThrowIfNull(content);
        if (!ValidContentType.Equals(contentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentOutOfRangeException(nameof(contentType), $"expected a {ValidContentType} content type");
        }
        var body = await ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        return new RelayJsonParseNode(ParseSingleValue(body.Span));
    }

    private static JsonElement ParseSingleValue(ReadOnlySpan<byte> body)
    {
        // A stream parse skips a UTF-8 byte order mark; a reader over bytes does not.
        if (body.StartsWith(Utf8ByteOrderMark))
        {
            body = body[Utf8ByteOrderMark.Length..];
        }
        var reader = new Utf8JsonReader(body);
        var value = JsonElement.ParseValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"More data after the end of the JSON value, at byte {reader.TokenStartIndex}.");
        }
        return value;
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            return buffer.AsMemory((int)memory.Position);
        }
        if (content.CanSeek)
        {
            var exact = new byte[content.Length - content.Position];
            await content.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
