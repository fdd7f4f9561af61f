using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Tools;

/// <summary>What both tools check before any request leaves: the task id, then which relay key to use.</summary>
internal static class ToolPreflight
{
    public static (string? CallerKey, ToolError? Error) Check(string taskId, RelayKeyChoice keys)
    {
        if (TaskIdRules.Explain(taskId) is { } problem)
        {
            return (null, new ToolError("invalid_task_id", $"{problem} Nothing was sent to the relay."));
        }
        return keys.Resolve();
    }
}
