using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunwayRelay.Mcp.Tools;

/// <summary>A task as the tools report it in <c>structuredContent</c>: Runway's fields, plus what an agent needs to decide the next step.</summary>
public sealed record VideoTaskView
{
    /// <summary>The task id.</summary>
    [Description("The task id.")]
    public required string Id { get; init; }

    /// <summary>Runway status.</summary>
    [Description("PENDING, THROTTLED, RUNNING, SUCCEEDED, FAILED or CANCELLED; another value if a later API version added one.")]
    public required string Status { get; init; }

    /// <summary>Whether the status will not change any more.</summary>
    [Description("True for SUCCEEDED, FAILED and CANCELLED: the task will not change any more.")]
    public required bool IsTerminal { get; init; }

    /// <summary>Creation time.</summary>
    [Description("When the task was created, RFC 3339 in UTC, such as 2024-06-27T19:49:32.335Z.")]
    public string? CreatedAt { get; init; }

    /// <summary>Fraction done.</summary>
    [Description("Fraction done, 0 to 1; present while RUNNING. A value outside 0 to 1 is not put here but passed on under extra.")]
    public double? Progress { get; init; }

    /// <summary>Output URLs.</summary>
    [Description("URLs of the task's files when SUCCEEDED: videos, or images or audio for Runway's image and audio tasks (the path's extension says which). Signed; they expire within 24 to 48 hours. Never cut: past 8,000 characters in all, the later ones are left out, and summary says how many.")]
    public IReadOnlyList<string>? Output { get; init; }

    /// <summary>When the output URLs stop working.</summary>
    [Description("When the output URLs stop working (RFC 3339, UTC), as Runway's signature in them says; the earliest if they differ. Absent when they do not say. Reading the task again gives fresh URLs.")]
    public string? OutputExpiresAt { get; init; }

    /// <summary>Failure reason.</summary>
    [Description("Why the task failed, when FAILED.")]
    public string? Failure { get; init; }

    /// <summary>Failure code.</summary>
    [Description("Machine-readable failure code such as SAFETY.INPUT.TEXT, when Runway gives one.")]
    public string? FailureCode { get; init; }

    /// <summary>Estimated credits.</summary>
    [Description("Credits the task is expected to cost, while it is not finished (newer API builds only).")]
    public double? EstimatedCostCredits { get; init; }

    /// <summary>Charged credits.</summary>
    [Description("Credits the task cost, once finished; 0 when refunded (newer API builds only).")]
    public double? CostCredits { get; init; }

    /// <summary>When to ask again.</summary>
    [Description("For a task that is not finished: seconds to wait before asking again.")]
    public int? PollAgainAfterSeconds { get; init; }

    /// <summary>Unknown fields, passed on.</summary>
    [Description("Fields the relay sent that this server does not know, and known fields whose value did not fit (such as a createdAt that is not RFC 3339), passed on as sent; a very long value is shortened, and says so.")]
    public JsonObject? Extra { get; init; }

    /// <summary>What the wait did, for wait_for_video_task.</summary>
    [Description("Present on wait_for_video_task results: how the wait went.")]
    public WaitSummary? Wait { get; init; }

    /// <summary>The result's text, repeated here: some hosts (Claude Code, VS Code) give the model only the structured
    /// content of a result that has both, and the text is where the next step is said.</summary>
    [Description("The state in words and what to do next (such as downloading the videos before their links expire, what a failure code means, or calling again to resume a wait): the same as the result's text.")]
    public required string Summary { get; init; }
}
