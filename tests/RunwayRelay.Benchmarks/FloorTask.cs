using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunwayRelay.Benchmarks;

/// <summary>The task as a plain type, for the System.Text.Json floor.</summary>
public sealed class FloorTask
{
    /// <summary>Task id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Status.</summary>
    public string Status { get; init; } = "";

    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Progress.</summary>
    public double? Progress { get; init; }

    /// <summary>Output URLs.</summary>
    public List<string>? Output { get; init; }

    /// <summary>Failure.</summary>
    public string? Failure { get; init; }

    /// <summary>Failure code.</summary>
    public string? FailureCode { get; init; }

    /// <summary>Cost.</summary>
    public FloorCost? Cost { get; init; }

    /// <summary>Estimated cost.</summary>
    public FloorCost? EstimatedCost { get; init; }

    /// <summary>Unknown fields, kept as the generated client keeps them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
