namespace RunwayRelay.Client.Tests;

/// <summary>Where the repository's files are, found from the test's output folder upwards.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string OpenApiDocument => Path.Combine(Root, "openapi", "runway-relay-tasks.yaml");

    public static string KiotaLock => Path.Combine(Root, "kiota-lock.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tools.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Tools.sln above {AppContext.BaseDirectory}.");
    }
}
