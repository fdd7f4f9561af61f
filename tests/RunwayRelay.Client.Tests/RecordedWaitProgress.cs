namespace RunwayRelay.Client.Tests;

/// <summary>Keeps every report of a wait as it is made (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
internal sealed class RecordedWaitProgress : IProgress<TaskWaitProgress>
{
    private readonly List<TaskWaitProgress> seen = [];

    public IReadOnlyList<TaskWaitProgress> Seen
    {
        get
        {
            lock (seen)
            {
                return [.. seen];
            }
        }
    }

    public void Report(TaskWaitProgress value)
    {
        lock (seen)
        {
            seen.Add(value);
        }
    }
}
