using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunwayRelay.Mcp.Tools;

/// <summary>Source-generated JSON for the tool contract: no reflection, so it works under Native AOT.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VideoTaskView))]
public sealed partial class ToolJsonContext : JsonSerializerContext;
