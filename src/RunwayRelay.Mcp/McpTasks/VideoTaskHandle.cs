using RunwayRelay.Client;

namespace RunwayRelay.Mcp.McpTasks;

/// <summary>
/// The id of the MCP task that follows a Runway task: the Runway task's own id behind a fixed prefix. The relay keeps
/// the task, so the handle is all the state there is: any instance behind a balancer answers <c>tasks/get</c> for it.
/// The handle authenticates nothing; each poll brings its own relay key, as a tool call does.
/// </summary>
internal static class VideoTaskHandle
{
    public const string Prefix = "video-task:";

    public static string For(string runwayTaskId) => Prefix + runwayTaskId;

    /// <summary>The Runway task id inside <paramref name="handle"/>, or <c>null</c> when it is not a handle of this server.</summary>
    public static string? RunwayTaskId(string? handle) =>
        handle is not null && handle.StartsWith(Prefix, StringComparison.Ordinal) && TaskIdRules.Explain(handle[Prefix.Length..]) is null
            ? handle[Prefix.Length..]
            : null;
}
