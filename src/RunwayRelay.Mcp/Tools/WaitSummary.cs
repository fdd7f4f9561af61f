using System.ComponentModel;

namespace RunwayRelay.Mcp.Tools;

/// <summary>How a wait for a task went.</summary>
public sealed record WaitSummary
{
    /// <summary>Seconds waited.</summary>
    [Description("Seconds spent waiting.")]
    public required double WaitedSeconds { get; init; }

    /// <summary>Requests made.</summary>
    [Description("How many HTTP requests were sent to the relay, retries and redirects included.")]
    public required int Requests { get; init; }

    /// <summary>Whether the wait ended by timeout.</summary>
    [Description("True when the wait ended because timeout_seconds passed; the task is still going, and calling the tool again resumes the wait.")]
    public required bool TimedOut { get; init; }
}
