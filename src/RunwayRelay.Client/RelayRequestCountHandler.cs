using Microsoft.Kiota.Abstractions;

namespace RunwayRelay.Client;

/// <summary>Below the retry and redirect handlers, so it sees every request that leaves for the relay.</summary>
internal sealed class RelayRequestCountHandler : DelegatingHandler
{
    // Kiota puts each request option into the message's options under the option type's full name.
    private static readonly HttpRequestOptionsKey<IRequestOption> Key = new(typeof(RelayRequestCount).FullName!);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var option) && option is RelayRequestCount count)
        {
            count.Add();
        }
        return base.SendAsync(request, cancellationToken);
    }
}
