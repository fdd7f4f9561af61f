namespace RunwayRelay.Sandbox;

/// <summary>Where a simulated task is after a number of lifecycle steps.</summary>
internal readonly record struct TaskState(string Status, double? Progress)
{
    public static TaskState At(SandboxScenario scenario, long step) => scenario switch
    {
        SandboxScenario.Success => step switch
        {
            0 => new("PENDING", null),
            <= 4 => new("RUNNING", (step - 1) / 4.0),
            _ => new("SUCCEEDED", null),
        },
        SandboxScenario.Throttled => step switch
        {
            <= 1 => new("THROTTLED", null),
            <= 5 => new("RUNNING", (step - 2) / 4.0),
            _ => new("SUCCEEDED", null),
        },
        SandboxScenario.Failure => step switch
        {
            0 => new("PENDING", null),
            <= 2 => new("RUNNING", (step - 1) * 0.3),
            _ => new("FAILED", null),
        },
        SandboxScenario.Cancelled => step == 0 ? new("PENDING", null) : new("CANCELLED", null),
        SandboxScenario.NewStatus => new("ARCHIVED", null),
        SandboxScenario.NeverEnds => new("RUNNING", 0.5),
        SandboxScenario.Image or SandboxScenario.Audio => At(SandboxScenario.Success, step),
        SandboxScenario.AppearsLate => At(SandboxScenario.Success, step - 1),
        _ => new("SUCCEEDED", null),
    };
}
