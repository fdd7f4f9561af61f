namespace RunwayRelay.Benchmarks;

/// <summary>Where the floor's tool sends its GET.</summary>
internal sealed record RelayTasks(HttpClient Client, Uri Tasks);
