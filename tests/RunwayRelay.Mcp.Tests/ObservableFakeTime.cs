using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// A fake clock that also says when code under test starts waiting on it, so a test can move time exactly when
/// the server is ready to be woken: synchronisation without sleeping.
/// </summary>
internal sealed class ObservableFakeTime(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Completes with the due time of the next timer created on this clock; throws <see cref="TimeoutException"/>
    /// after <see cref="CapturedLogs.Patience"/>, so that a regression fails in seconds instead of hanging.</summary>
    public async ValueTask<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) =>
        await timers.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(CapturedLogs.Patience, cancellationToken);

    /// <summary>Moves time each time the code under test waits, by what it waits for, until <paramref name="work"/> completes.
    /// A wait longer than <paramref name="longest"/> is left to run out by itself: a timeout over real I/O (a relay
    /// request's), which moving time would end before its answer came.</summary>
    public async Task<T> DriveAsync<T>(Task<T> work, CancellationToken cancellationToken, TimeSpan? longest = null)
    {
        while (true)
        {
            // The read is cancelled when the work ends first, so it cannot swallow a timer meant for the next drive.
            using var pending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = timers.Reader.ReadAsync(pending.Token).AsTask();
            if (await Task.WhenAny(work, timer).WaitAsync(CapturedLogs.Patience, cancellationToken) == work)
            {
                await pending.CancelAsync();
                if (timer.IsCompletedSuccessfully && (longest is null || await timer <= longest))
                {
                    // A timer was created as the work ended: it belongs to no one now, so let it run out.
                    Advance(await timer);
                }
                return await work;
            }
            if (await timer is var due && (longest is null || due <= longest))
            {
                Advance(due);
            }
        }
    }
}
