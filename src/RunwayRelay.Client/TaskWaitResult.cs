using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client;

/// <summary>How a wait ended.</summary>
/// <param name="Task">The task as last read. Terminal unless <paramref name="TimedOut"/>.</param>
/// <param name="Waited">Time spent.</param>
/// <param name="Requests">HTTP requests sent to the relay, retries and redirects included.</param>
/// <param name="TimedOut">The timeout passed first; the task is still going and a new wait resumes it.</param>
public sealed record TaskWaitResult(RunwayTask Task, TimeSpan Waited, int Requests, bool TimedOut);
