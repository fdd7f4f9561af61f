using System.Collections.Concurrent;

namespace RunwayRelay.ScaleOut;

/// <summary>How the calls of one kind ended: each call is counted once, under exactly one outcome.</summary>
internal sealed class CallOutcomes
{
    private readonly ConcurrentQueue<string> errors = new();
    private int sent;
    private int succeeded;
    private int failed;
    private int hung;

    public int Sent => sent;

    public int Succeeded => succeeded;

    public int Failed => failed;

    public int Hung => hung;

    /// <summary>The distinct errors the failed calls reported, most frequent first, with their counts.</summary>
    public IEnumerable<string> ErrorSummary => errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} × {g.Key}");

    /// <summary>Whether every failed call said what went wrong.</summary>
    public bool EveryFailureExplained => errors.All(e => e.Length > 0) && errors.Count == failed;

    public void Sending() => Interlocked.Increment(ref sent);

    public void Success() => Interlocked.Increment(ref succeeded);

    public void Failure(string error)
    {
        errors.Enqueue(error.Split('\n')[0].Trim());
        Interlocked.Increment(ref failed);
    }

    public void Hang() => Interlocked.Increment(ref hung);
}
