using System.ComponentModel;
using ModelContextProtocol.Server;

namespace RunwayRelay.Benchmarks;

/// <summary>The SDK floor's only tool.</summary>
[McpServerToolType]
internal sealed class SdkOneGetTool
{
    /// <summary>The relay GET, its body as the result.</summary>
#pragma warning disable CA1707 // task_id is the argument's name on the wire, as in the real server.
    [McpServerTool(Name = "get_video_task"), Description("Reads one task from the relay.")]
    public static Task<string> GetVideoTask(RelayTasks relay, [Description("The task id.")] string task_id, CancellationToken cancellationToken)
#pragma warning restore CA1707
    {
        ArgumentNullException.ThrowIfNull(relay);
        return relay.Client.GetStringAsync(new Uri(relay.Tasks, Uri.EscapeDataString(task_id)), cancellationToken);
    }
}
