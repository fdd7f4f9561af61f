using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunwayRelay.Benchmarks;

/// <summary>Source-generated metadata for the floor.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FloorTask))]
public sealed partial class FloorJson : JsonSerializerContext;
