namespace RunwayRelay.Client;

/// <summary>Polls that got no task at the end of a wait that timed out: the task a <see cref="TaskWaitResult"/> holds
/// is then older than the wait's end, and this says why and by how much.</summary>
/// <param name="FailedPolls">Polls in a row, up to the end, that got no task.</param>
/// <param name="Reason">Why the last of them failed, as <see cref="TaskWaitProgress.BackingOff"/> says it ("the relay is
/// failing (HTTP 503)", "rate limited by the relay").</param>
/// <param name="SinceLastRead">From the last poll that read the task to the end of the wait.</param>
public sealed record TaskWaitStall(int FailedPolls, string Reason, TimeSpan SinceLastRead);
