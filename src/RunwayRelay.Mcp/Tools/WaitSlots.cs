using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Caps how many waits run at once, in total and per caller, so that one agent looping on waits cannot hold
/// every connection to the relay. A wait past a cap is refused at once with a clear error, never queued.
/// </summary>
public sealed class WaitSlots(IOptions<WaitOptions> settings)
{
    private readonly ConcurrentDictionary<string, int> perCaller = new(StringComparer.Ordinal);
    private int total;

    /// <summary>Takes a slot for <paramref name="caller"/>; dispose the result to give it back. <c>null</c> when a cap is reached.</summary>
    public IDisposable? TryTake(string caller)
    {
        if (Interlocked.Increment(ref total) > settings.Value.MaxConcurrentWaits)
        {
            Interlocked.Decrement(ref total);
            return null;
        }
        if (perCaller.AddOrUpdate(caller, 1, static (_, count) => count + 1) > settings.Value.MaxConcurrentWaitsPerCaller)
        {
            Release(caller);
            return null;
        }
        return new Slot(this, caller);
    }

    private void Release(string caller)
    {
        if (perCaller.AddOrUpdate(caller, 0, static (_, count) => count - 1) <= 0)
        {
            perCaller.TryRemove(new KeyValuePair<string, int>(caller, 0));
        }
        Interlocked.Decrement(ref total);
    }

    private sealed class Slot(WaitSlots owner, string caller) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                owner.Release(caller);
            }
        }
    }
}
