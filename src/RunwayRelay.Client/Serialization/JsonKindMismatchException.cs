using System.Text.Json;

namespace RunwayRelay.Client.Serialization;

/// <summary>A JSON value of another kind than the model has there (a string where a number belongs, an array for the
/// whole body). Inside a body it is caught and the value kept raw; for the body itself it reaches the caller.</summary>
internal sealed class JsonKindMismatchException(string expected, JsonValueKind received)
    : JsonException($"Expected {expected}, got {Describe(received)}.")
{
    /// <summary>What arrived instead.</summary>
    public JsonValueKind Received { get; } = received;

    /// <summary>The kind as a reader would say it: "a JSON array", "JSON null".</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False => $"JSON {kind.ToString().ToLowerInvariant()}",
        _ => $"a JSON {kind.ToString().ToLowerInvariant()}",
    };
}
