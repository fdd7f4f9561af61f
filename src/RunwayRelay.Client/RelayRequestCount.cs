using Microsoft.Kiota.Abstractions;

namespace RunwayRelay.Client;

/// <summary>Counts the HTTP requests one call sends to the relay, retries and redirects included: a Kiota request
/// option that <see cref="RelayRequestCountHandler"/> finds on every attempt.</summary>
internal sealed class RelayRequestCount : IRequestOption
{
    private int sent;

    public int Sent => Volatile.Read(ref sent);

    public void Add() => Interlocked.Increment(ref sent);
}
