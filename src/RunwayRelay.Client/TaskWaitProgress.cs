using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client;

/// <summary>What a wait has seen so far: reported after every poll, and while backing off.</summary>
/// <param name="Task">The task as last read; <c>null</c> until a read succeeded.</param>
/// <param name="Requests">Requests sent so far.</param>
/// <param name="Elapsed">Time waited so far.</param>
/// <param name="BackingOff">Why the next poll is delayed and for how long, for people to read ("the relay is failing (HTTP 503);
/// asking again in 12 s", "rate limited by the relay; …", "the relay does not know the task yet; …"), or <c>null</c>.</param>
public sealed record TaskWaitProgress(RunwayTask? Task, int Requests, TimeSpan Elapsed, string? BackingOff);
