using System.Text.Json.Serialization;

namespace RunwayRelay.Mcp.McpTasks;

/// <summary>Source-generated JSON for the tasks extension's answers (the server is published with Native AOT).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(McpTaskAnswer))]
internal sealed partial class McpTaskJsonContext : JsonSerializerContext;
