namespace RunwayRelay.Benchmarks;

/// <summary>Credits.</summary>
public sealed record FloorCost(double Credits);
