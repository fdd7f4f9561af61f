using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client;

/// <summary>How a wait ended.</summary>
/// <param name="Task">The task as last read. Terminal unless <paramref name="TimedOut"/>.</param>
/// <param name="Waited">Time spent.</param>
/// <param name="Requests">HTTP requests sent to the relay, retries and redirects included.</param>
/// <param name="TimedOut">The timeout passed first; the task is still going and a new wait resumes it.</param>
public sealed record TaskWaitResult(RunwayTask Task, TimeSpan Waited, int Requests, bool TimedOut)
{
    /// <summary>When the wait timed out after polls that got no task (the relay failing, rate limiting): how many, why,
    /// and how old <see cref="Task"/> is; <c>null</c> when the last poll read the task.</summary>
    public TaskWaitStall? Stall { get; init; }
}
