namespace RunwayRelay.Client.Tests;

/// <summary>Keeps the READMEs' import sample honest: it compiles (it is in this project), runs, and is what the READMEs show.</summary>
public sealed class ReadmeSampleTests
{
    [Fact]
    public async Task The_sample_reads_a_task()
    {
        await using var relay = await ScriptedRelay.StartAsync();
        relay.ThenJson(200, OpenApiExamples.TaskBodies["running"]);
        using var output = new StringWriter();

        var status = await ReadmeSample.ReadTaskAsync(relay.BaseUrl.AbsoluteUri, "key", "2f19d8a7-3b74-4fc4-af42-d0bcadbaec54", output);

        Assert.Equal("RUNNING", status);
        Assert.StartsWith("RUNNING 42", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/RunwayRelay.Client/README.md")]
    public void The_readme_shows_the_sample_verbatim(string readme)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, readme)).ReplaceLineEndings("\n");
        var shown = string.Join("\n", text.Split('\n').Select(l => l.Trim()));

        Assert.Contains(ReadmeSample.Snippet(), shown, StringComparison.Ordinal);
    }
}
