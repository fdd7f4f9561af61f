using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Kiota's JSON parser turns an enum value it does not know into <c>null</c>. A later Runway version may add a
/// status, and a client must not lose it: this factory puts such a raw value into the task's
/// <see cref="RunwayTask.AdditionalData"/> under <c>"status"</c>, where <see cref="RunwayTaskExtensions.StatusText"/>
/// finds it.
/// </summary>
internal sealed class UnknownStatusPreservingParseNodeFactory : IParseNodeFactory
{
    private readonly RelayJsonParseNodeFactory inner = new();

    public string ValidContentType => inner.ValidContentType;

    public async Task<IParseNode> GetRootParseNodeAsync(string contentType, Stream content, CancellationToken cancellationToken = default)
    {
        var root = await inner.GetRootParseNodeAsync(contentType, content, cancellationToken).ConfigureAwait(false);
        var previous = root.OnAfterAssignFieldValues;
        // Kiota hands this callback down to every child node; only the task itself, at the root, is of interest.
        root.OnAfterAssignFieldValues = parsable =>
        {
            previous?.Invoke(parsable);
            if (parsable is RunwayTask { Status: null } task && root.GetChildNode("status")?.GetStringValue() is { } raw)
            {
                task.AdditionalData["status"] = raw;
            }
        };
        return root;
    }

}
