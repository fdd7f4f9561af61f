using ModelContextProtocol;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Records notifications as they arrive, in order (Progress&lt;T&gt; would post them out of order).</summary>
internal sealed class RecordedProgress : IProgress<ProgressNotificationValue>
{
    private readonly List<(int Count, TaskCompletionSource Reached)> waiters = [];

    public List<(float Progress, float? Total, string? Message)> Seen { get; } = [];

    public void Report(ProgressNotificationValue value)
    {
        lock (Seen)
        {
            Seen.Add((value.Progress, value.Total, value.Message));
            foreach (var waiter in waiters.Where(w => Seen.Count >= w.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }
    }

    /// <summary>The SDK may hand the last notification over just after the result: wait for it, without sleeping.</summary>
    public Task CountReachedAsync(int count, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Seen)
        {
            if (Seen.Count >= count)
            {
                return Task.CompletedTask;
            }
            waiters.Add((count, reached));
        }
        return reached.Task.WaitAsync(CapturedLogs.Patience, cancellationToken);
    }
}
