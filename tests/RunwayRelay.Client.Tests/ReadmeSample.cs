using RunwayRelay.Client;

namespace RunwayRelay.Client.Tests;

/// <summary>
/// The import sample of README.md and of the package README, compiled here and run by <see cref="ReadmeSampleTests"/>.
/// The lines between the markers must appear verbatim in both READMEs.
/// </summary>
internal static class ReadmeSample
{
    public static async Task<string> ReadTaskAsync(string relayUrl, string apiKey, string taskId, TextWriter console)
    {
        var Console = console;
        // README:begin
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = new Uri(relayUrl), ApiKey = apiKey });
        var task = await client.GetTaskAsync(taskId);
        Console.WriteLine($"{task.StatusText()} {task.Progress:P0} {string.Join(" ", task.Output ?? [])}");
        // README:end
        return task.StatusText()!;
    }

    public static string Snippet()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "tests", "RunwayRelay.Client.Tests", "ReadmeSample.cs"));
        var begin = Array.FindIndex(lines, l => l.Trim() == "// README:begin");
        var end = Array.FindIndex(lines, l => l.Trim() == "// README:end");
        return string.Join("\n", lines[(begin + 1)..end].Select(l => l.Trim()));
    }
}
