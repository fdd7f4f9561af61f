using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Argument completion (<c>completion/complete</c>) as the MCP Inspector and VS Code ask for it while a person types a
/// task id into the prompt or the task template: against the sandbox its ids, by what was typed; against a relay no
/// completions at all (a relay lists no tasks). A request naming another prompt or template, or of the wrong shape, is
/// a named -32602 and one warning line, as for the other methods.
/// </summary>
public sealed class SandboxTaskIdCompletionTests
{
    private static Task<McpServerHarness> StartAgainstTheSandboxAsync() => McpServerHarness.StartAsync(settings => settings["Sandbox:Enabled"] = "true");

    [Fact]
    public async Task The_prompts_task_id_is_completed_with_the_sandboxs_ids_by_what_was_typed()
    {
        await using var harness = await StartAgainstTheSandboxAsync();
        var ct = TestContext.Current.CancellationToken;
        var prompt = new PromptReference { Name = "check_video_task" };

        var nothingTyped = await harness.Client.CompleteAsync(prompt, "task_id", "", cancellationToken: ct);
        var demoF = await harness.Client.CompleteAsync(prompt, "task_id", "DEMO-F", cancellationToken: ct);
        var unknown = await harness.Client.CompleteAsync(prompt, "task_id", "3f", cancellationToken: ct);
        // The arguments already given, as VS Code sends them (completion/complete's params.context).
        var withContext = await harness.Client.SendRequestAsync<CompleteRequestParams, CompleteResult>(RequestMethods.CompletionComplete, new()
        {
            Ref = prompt,
            Argument = new() { Name = "task_id", Value = "demo-f" },
            Context = new() { Arguments = new Dictionary<string, string>() },
        }, cancellationToken: ct);

        Assert.NotNull(harness.Client.ServerCapabilities.Completions);
        Assert.Equal(SandboxCatalogue.ExampleIds, nothingTyped.Completion.Values);
        Assert.Equal(SandboxCatalogue.ExampleIds.Count, nothingTyped.Completion.Total);
        Assert.StartsWith("demo-success", nothingTyped.Completion.Values[0], StringComparison.Ordinal);
        Assert.Equal(["demo-failure"], demoF.Completion.Values);
        Assert.Empty(unknown.Completion.Values);
        Assert.Equal(["demo-failure"], withContext.Completion.Values);
        Assert.Empty(harness.Sandbox.Requests);
    }

    [Fact]
    public void The_suggested_ids_are_one_of_each_scenario_each_a_valid_task_id()
    {
        var ids = SandboxCatalogue.ExampleIds;
        var played = ids.Select(id => SandboxCatalogue.Classify(id).Scenario).ToHashSet();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(RunwayRelay.Client.TaskIdRules.IsValid(id), id));
        Assert.Equal([], Enum.GetValues<SandboxScenario>().Where(scenario => scenario != SandboxScenario.NotFound && !played.Contains(scenario)));
        Assert.DoesNotContain(SandboxScenario.NotFound, played);
    }

    [Theory]
    [InlineData("runway://tasks/{task_id}")]
    [InlineData("runway://tasks/demo-s")]
    public async Task The_task_templates_task_id_is_completed_too(string uri)
    {
        await using var harness = await StartAgainstTheSandboxAsync();

        var fault4 = await harness.Client.CompleteAsync(new ResourceTemplateReference { Uri = uri }, "task_id", "fault-4", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["fault-429-date", "fault-429-bare", "fault-429", "fault-400", "fault-401", "fault-403", "fault-404"], fault4.Completion.Values);
    }

    [Fact]
    public async Task Against_a_relay_no_completions_are_declared_and_asking_is_one_warning_line()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => harness.Client.CompleteAsync(
            new PromptReference { Name = "check_video_task" }, "task_id", "demo", cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Null(harness.Client.ServerCapabilities.Completions);
        Assert.Equal(McpErrorCode.MethodNotFound, refused.ErrorCode);
        Assert.Contains("Method 'completion/complete' is not available: this server declares no completions, as a relay has no list of task ids to suggest", refused.Message, StringComparison.Ordinal);
        var logged = Assert.Single(harness.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        Assert.EndsWith("Refused completion/complete: no completions without the sandbox", logged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ref":{"type":"ref/prompt","name":"check_video_status"},"argument":{"name":"task_id","value":"demo"}}""", "there is no prompt by that name; this server's prompts: check_video_task.")]
    [InlineData("""{"ref":{"type":"ref/resource","uri":"runway://task/{id}"},"argument":{"name":"task_id","value":"demo"}}""", "there is no resource by that URI; this server's resources: ui://runway-relay/video-task.html, runway://tasks/{task_id}.")]
    [InlineData("""{"ref":{"type":"ref/tool","name":"get_video_task"},"argument":{"name":"task_id","value":"demo"}}""", "params.ref.type must be ref/prompt or ref/resource; it was another string.")]
    [InlineData("""{"ref":{"type":"ref/prompt"},"argument":{"name":"task_id","value":"demo"}}""", "params.ref.name is required for ref/prompt.")]
    [InlineData("""{"ref":{"type":"ref/resource"},"argument":{"name":"task_id","value":"demo"}}""", "params.ref.uri is required for ref/resource.")]
    [InlineData("""{"ref":{"type":"ref/resource","uri":5},"argument":{"name":"task_id","value":"demo"}}""", "params.ref.uri must be a string; it was a number.")]
    [InlineData("""{"ref":"check_video_task","argument":{"name":"task_id","value":"demo"}}""", "params.ref must be an object")]
    [InlineData("""{"ref":{"type":"ref/prompt","name":"check_video_task"},"argument":{"name":"task_id"}}""", "params.argument.value is required")]
    [InlineData("""{"ref":{"type":"ref/prompt","name":"check_video_task"},"argument":{"name":"task_id","value":"demo"},"context":[]}""", "params.context must be an object of the arguments already given; it was an array.")]
    public async Task Another_prompt_or_template_or_a_wrong_shape_is_a_named_invalid_params_error(string parameters, string says)
    {
        await using var harness = await StartAgainstTheSandboxAsync();

        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => harness.Client.SendRequestAsync(
            new JsonRpcRequest { Method = RequestMethods.CompletionComplete, Params = JsonNode.Parse(parameters) }, TestContext.Current.CancellationToken));

        Assert.Equal(McpErrorCode.InvalidParams, refused.ErrorCode);
        Assert.Contains($"Invalid params for completion/complete: {says}", refused.Message, StringComparison.Ordinal);
        var logged = Assert.Single(harness.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains($"Refused completion/complete: {says}", logged, StringComparison.Ordinal);
    }
}
