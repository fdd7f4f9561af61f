using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;

namespace RunwayRelay.Mcp.McpTasks;

/// <summary>
/// A task as the tasks extension sends it: the <c>CreateTaskResult</c> a tool call answers with (<c>resultType</c>
/// "task"), and the <c>GetTaskResult</c> of <c>tasks/get</c> ("complete"), which carries the tool's result once the
/// task is <c>completed</c>.
/// </summary>
internal sealed class McpTaskAnswer : Result
{
    public const string Working = "working";
    public const string Completed = "completed";

    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }

    /// <summary><c>working</c> or <c>completed</c>: this server never needs input, and a task it follows fails only at
    /// Runway, which is a completed tool call with <c>isError</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("statusMessage")]
    public string? StatusMessage { get; init; }

    [JsonPropertyName("createdAt")]
    public required string CreatedAt { get; init; }

    [JsonPropertyName("lastUpdatedAt")]
    public required string LastUpdatedAt { get; init; }

    /// <summary>Always null (unlimited): the relay keeps the task, not this server.</summary>
    [JsonPropertyName("ttlMs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? TtlMs { get; init; }

    [JsonPropertyName("pollIntervalMs")]
    public long? PollIntervalMs { get; init; }

    /// <summary>The tool's result, once <see cref="Status"/> is <c>completed</c>.</summary>
    [JsonPropertyName("result")]
    public JsonNode? ToolResult { get; init; }
}
