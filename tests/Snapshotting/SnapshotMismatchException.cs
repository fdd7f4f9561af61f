namespace RunwayRelay.Testing;

/// <summary>A snapshot did not match, or did not exist.</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);
