using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace RunwayRelay.Client.Tests;

/// <summary>The curated document loads clean, agrees with the client's own rules, and matches what Kiota generated from.</summary>
public sealed class OpenApiDocumentTests
{
    private static async Task<ReadResult> LoadAsync(string yaml)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml));
        return await OpenApiDocument.LoadAsync(stream, "yaml", settings, TestContext.Current.CancellationToken);
    }

    private static Task<ReadResult> LoadCommittedAsync() => LoadAsync(File.ReadAllText(RepositoryPaths.OpenApiDocument));

    [Fact]
    public async Task Document_loads_without_errors_or_warnings()
    {
        var result = await LoadCommittedAsync();

        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(result.Diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}"));
    }

    [Fact]
    public async Task Task_id_rules_are_the_same_in_the_document_and_the_client()
    {
        var document = (await LoadCommittedAsync()).Document!;
        var taskId = document.Components!.Parameters!["TaskId"];

        Assert.Equal(TaskIdRules.Pattern, taskId.Schema!.Pattern);
        Assert.Equal(TaskIdRules.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), taskId.Schema.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, taskId.Schema.MinLength);
    }

    [Fact]
    public async Task Operation_is_a_get_without_body_with_every_documented_error()
    {
        var document = (await LoadCommittedAsync()).Document!;
        var operation = document.Paths["/runwayml/v1/tasks/{task_id}"].Operations![HttpMethod.Get];

        Assert.Equal("getVideoTask", operation.OperationId);
        Assert.Null(operation.RequestBody);
        Assert.Equal(["200", "400", "401", "404", "429", "4XX", "5XX"], operation.Responses!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["cancelled", "failed", "pending", "running", "succeeded", "throttled"],
            operation.Responses["200"].Content!["application/json"].Examples!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Lock_description_hash_is_the_hash_of_the_committed_document()
    {
        // Kiota writes OpenApiDocument.GetHashCodeAsync() of the loaded description into the lock. An edited
        // document that was not regenerated therefore fails here.
        var document = (await LoadCommittedAsync()).Document!;
        using var lockFile = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.KiotaLock));

        var recorded = lockFile.RootElement.GetProperty("descriptionHash").GetString();
        var actual = await document.GetHashCodeAsync(TestContext.Current.CancellationToken);

        Assert.True(recorded == actual, $"kiota-lock.json's descriptionHash ({recorded}) is not the hash of openapi/runway-relay-tasks.yaml ({actual}): the document changed without regenerating. Run: dotnet build src/RunwayRelay.Client -t:RegenerateClient");
    }

    [Fact]
    public async Task A_real_change_to_the_document_changes_the_hash()
    {
        var yaml = File.ReadAllText(RepositoryPaths.OpenApiDocument);
        var edited = yaml.Replace("        failureCode:\n", "        failureKind:\n", StringComparison.Ordinal);
        Assert.NotEqual(yaml, edited);

        var original = await (await LoadAsync(yaml)).Document!.GetHashCodeAsync(TestContext.Current.CancellationToken);
        var changed = await (await LoadAsync(edited)).Document!.GetHashCodeAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(original, changed);
    }

    [Fact]
    public async Task Lock_records_the_pinned_kiota_and_clean_generation_settings()
    {
        using var lockFile = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.KiotaLock, TestContext.Current.CancellationToken));
        var root = lockFile.RootElement;
        using var tools = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, ".config", "dotnet-tools.json"), TestContext.Current.CancellationToken));

        Assert.Equal(tools.RootElement.GetProperty("tools").GetProperty("microsoft.openapi.kiota").GetProperty("version").GetString(), root.GetProperty("kiotaVersion").GetString());
        Assert.True(root.GetProperty("excludeBackwardCompatible").GetBoolean());
        Assert.Equal("CSharp", root.GetProperty("language").GetString());
        Assert.Equal("../openapi/runway-relay-tasks.yaml", root.GetProperty("descriptionLocation").GetString());
    }
}
