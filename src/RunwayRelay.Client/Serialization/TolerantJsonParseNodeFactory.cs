using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Parses a JSON body into a <see cref="TolerantJsonParseNode"/>, the way Kiota's <c>JsonParseNodeFactory</c> does
/// (a <see cref="JsonDocument"/> whose root is cloned so the node outlives it), and with the same reader limits.
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
        using var document = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new TolerantJsonParseNode(document.RootElement.Clone());
    }
}
