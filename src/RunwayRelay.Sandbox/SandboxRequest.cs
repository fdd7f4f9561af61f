namespace RunwayRelay.Sandbox;

/// <summary>One request the sandbox received, as tests see it. Whether a key came is recorded; the key itself is not.</summary>
public sealed record SandboxRequest(DateTimeOffset At, string Path, string TaskId, bool CarriedKey, string? RunwayVersion);
