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

    /// <summary>Polls that got no task at the end of a wait that timed out.</summary>
    [Description("Present when the wait timed out after polls that got no task: how many in a row. The task's fields are then as last read, lastReadSecondsAgo before the wait ended.")]
    public int? FailedPolls { get; init; }

    /// <summary>Why those polls failed.</summary>
    [Description("With failedPolls: why the last of them failed, such as \"the relay is failing (HTTP 503)\" or \"rate limited by the relay\".")]
    public string? PollFailure { get; init; }

    /// <summary>How old the task's fields are.</summary>
    [Description("With failedPolls: seconds from the last poll that read the task to the end of the wait.")]
    public double? LastReadSecondsAgo { get; init; }
}
