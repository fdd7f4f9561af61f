namespace RunwayRelay.Client.Tests;

/// <summary>Where the repository's files are, found from the test's output folder upwards.</summary>
internal static class RepositoryPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string OpenApiDocument => Path.Combine(Root, "openapi", "runway-relay-tasks.yaml");

    public static string KiotaLock => Path.Combine(Root, "kiota-lock.json");
}
