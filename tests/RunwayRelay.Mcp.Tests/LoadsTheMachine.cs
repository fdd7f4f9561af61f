namespace RunwayRelay.Mcp.Tests;

/// <summary>Tests that keep both cores busy for a while: xUnit runs them on their own, after the parallel ones, so that
/// the tests which check how soon an answer comes are not starved by them.</summary>
[CollectionDefinition(nameof(LoadsTheMachine), DisableParallelization = true)]
public sealed class LoadsTheMachine;
