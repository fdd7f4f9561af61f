using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Tools;

/// <summary>What both tools check before any request leaves: the task id, then which relay key to use.</summary>
internal static class ToolPreflight
{
    /// <summary>How both tools describe their <c>task_id</c> argument to the model.</summary>
    public const string TaskIdDescription = "The task id returned when the generation was created, such as 2f19d8a7-3b74-4fc4-af42-d0bcadbaec54. Letters, digits, '-' and '_' only, at most 128 characters.";

    public static (string? CallerKey, ToolError? Error) Check(string taskId, RelayKeyChoice keys)
    {
        if (TaskIdRules.Explain(taskId) is { } problem)
        {
            return (null, new ToolError("invalid_task_id", $"{problem} Nothing was sent to the relay."));
        }
        return keys.Resolve();
    }
}
