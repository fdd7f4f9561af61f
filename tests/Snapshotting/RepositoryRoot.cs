namespace RunwayRelay.Testing;

/// <summary>The repository the test binaries were built from: the folder above them that holds Tools.sln.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository's root folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tools.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Tools.sln above {AppContext.BaseDirectory}.");
    }
}
