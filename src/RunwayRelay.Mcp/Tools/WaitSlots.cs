using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Caps how many waits run at once, in total and per caller, so that one agent looping on waits cannot hold
/// every connection to the relay. A wait past a cap is refused at once with a clear error, never queued. How many
/// run is observable (<see cref="ActiveInstrument"/>), for teams sizing instances against the cap.
/// </summary>
public sealed class WaitSlots
{
    /// <summary>The waits running now, read when telemetry is collected.</summary>
    public const string ActiveInstrument = "runway_relay.waits.active";

    private readonly ConcurrentDictionary<string, int> perCaller = new(StringComparer.Ordinal);
    private readonly IOptions<WaitOptions> settings;
    private int total;

    public WaitSlots(IOptions<WaitOptions> settings, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.settings = settings;
        meters.Create(ToolResultTelemetry.MeterName).CreateObservableUpDownCounter(ActiveInstrument, () => Volatile.Read(ref total),
            "{wait}", "wait_for_video_task calls running now; past Wait:MaxConcurrentWaits a new one is refused with too_many_waits.");
    }

    /// <summary>How many callers hold a slot now. A caller's entry goes with its last slot, so a long-running server
    /// keeps one per caller waiting, not one per caller ever seen.</summary>
    internal int CallersHoldingSlots => perCaller.Count;

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
