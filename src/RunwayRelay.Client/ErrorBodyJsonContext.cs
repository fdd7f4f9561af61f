using System.Text.Json.Serialization;

namespace RunwayRelay.Client;

/// <summary>Source-generated JSON for <see cref="BodyAsJsonHandler"/>: no reflection, so the client stays AOT-compatible.</summary>
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class ErrorBodyJsonContext : JsonSerializerContext;
