using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace RunwayRelay.Client.Tests;

/// <summary>The 200 examples of the curated document, as JSON bodies: the tests replay what the document promises.</summary>
internal static class OpenApiExamples
{
    private static readonly Lazy<Dictionary<string, string>> Bodies = new(Load);

    public static IReadOnlyDictionary<string, string> TaskBodies => Bodies.Value;

    private static Dictionary<string, string> Load()
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var stream = new MemoryStream(File.ReadAllBytes(RepositoryPaths.OpenApiDocument));
        var document = OpenApiDocument.Load(stream, "yaml", settings).Document!;
        var examples = document.Paths["/runwayml/v1/tasks/{task_id}"].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"].Examples!;
        return examples.ToDictionary(e => e.Key, e => e.Value.Value!.ToJsonString());
    }
}
