using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using RunwayRelay.Client;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>get_video_task through a real MCP client, against the sandbox over real HTTP.</summary>
public sealed class GetVideoTaskToolTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task The_servers_instructions_say_which_tool_is_for_what_and_that_images_and_audio_are_read_too()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var said = harness.Client.ServerInstructions;

        Assert.NotNull(said);
        Assert.Contains("get_video_task for one look", said, StringComparison.Ordinal);
        Assert.Contains("wait_for_video_task to wait until it finishes", said, StringComparison.Ordinal);
        Assert.Contains("images or audio", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_the_tool_with_its_schemas_and_annotations()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        var tool = Assert.Single(tools, t => t.Name == "get_video_task").ProtocolTool;
        Assert.Equal("Get video task status", tool.Title);
        Assert.True(tool.Annotations!.ReadOnlyHint);
        Assert.True(tool.Annotations.IdempotentHint);
        Assert.True(tool.Annotations.OpenWorldHint);
        Assert.False(tool.Annotations.DestructiveHint);
        var taskId = tool.InputSchema.GetProperty("properties").GetProperty("task_id");
        Assert.Equal(TaskIdRules.Pattern, taskId.GetProperty("pattern").GetString());
        Assert.Equal(TaskIdRules.MaxLength, taskId.GetProperty("maxLength").GetInt32());
        Assert.Equal(1, taskId.GetProperty("minLength").GetInt32());
        Assert.Equal(["task_id"], tool.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        // summary too: some hosts give the model only the structured content, and the next step is said there.
        Assert.Equal(["id", "status", "isTerminal", "summary"], tool.OutputSchema!.Value.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    // Hosts on Gemini's function declarations refuse a list of types (github/copilot-cli #4623), Claude's Cowork mode
    // dropped such an argument's type and range (anthropics/claude-code #77194); optional fields are absent, never null.
    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Every_schema_property_has_one_type_and_no_null_default(string protocolVersion)
    {
        await using var harness = await McpServerHarness.StartAsync(protocolVersion: protocolVersion);

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        var unportable = tools.Select(t => t.ProtocolTool)
            .SelectMany(tool => Keywords(tool.InputSchema, $"{tool.Name} inputSchema").Concat(Keywords(tool.OutputSchema!.Value, $"{tool.Name} outputSchema")))
            .Where(k => k.Keyword.Name == "type" && k.Keyword.Value.ValueKind != JsonValueKind.String || k.Keyword.Name == "default" && k.Keyword.Value.ValueKind == JsonValueKind.Null)
            .Select(k => $"{k.Path}.{k.Keyword.Name}: {k.Keyword.Value.GetRawText()}");
        Assert.Equal(2, tools.Count);
        Assert.Empty(unportable);
        var timeout = Assert.Single(tools, t => t.Name == "wait_for_video_task").ProtocolTool.InputSchema.GetProperty("properties").GetProperty("timeout_seconds");
        Assert.Equal("integer", timeout.GetProperty("type").GetString());
        Assert.Equal(600, timeout.GetProperty("maximum").GetInt32());
    }

    // Hosts show these texts as written (VS Code's tool picker, the Inspector): a line break inside a sentence
    // shows as one there, and the model reads it too.
    [Fact]
    public async Task Every_description_a_host_shows_is_one_line()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var described = new List<(string Where, string? Text)>();

        foreach (var tool in (await harness.Client.ListToolsAsync(cancellationToken: ct)).Select(t => t.ProtocolTool))
        {
            described.Add((tool.Name, tool.Description));
            described.AddRange(Keywords(tool.InputSchema, $"{tool.Name} inputSchema").Concat(Keywords(tool.OutputSchema!.Value, $"{tool.Name} outputSchema"))
                .Where(k => k.Keyword.Name == "description" && k.Keyword.Value.ValueKind == JsonValueKind.String)
                .Select(k => (k.Path, k.Keyword.Value.GetString())));
        }
        foreach (var prompt in (await harness.Client.ListPromptsAsync(cancellationToken: ct)).Select(p => p.ProtocolPrompt))
        {
            described.Add((prompt.Name, prompt.Description));
            described.AddRange(prompt.Arguments!.Select(a => ($"{prompt.Name} {a.Name}", a.Description)));
        }
        described.AddRange((await harness.Client.ListResourcesAsync(cancellationToken: ct)).Select(r => (r.Uri, r.Description)));
        described.AddRange((await harness.Client.ListResourceTemplatesAsync(cancellationToken: ct)).Select(t => (t.UriTemplate, t.Description)));

        Assert.True(described.Count > 20, $"only {described.Count} descriptions found");
        Assert.Empty(described.Where(d => string.IsNullOrWhiteSpace(d.Text) || d.Text.Contains('\n', StringComparison.Ordinal) || d.Text != d.Text.Trim()).Select(d => $"{d.Where}: {d.Text}"));
    }

    // Every keyword of a schema and of the schemas inside it, with where it stands.
    private static IEnumerable<(string Path, JsonProperty Keyword)> Keywords(JsonElement schema, string path)
    {
        if (schema.ValueKind == JsonValueKind.Object)
        {
            foreach (var keyword in schema.EnumerateObject())
            {
                yield return (path, keyword);
                foreach (var inner in Keywords(keyword.Value, $"{path}.{keyword.Name}"))
                {
                    yield return inner;
                }
            }
        }
        else if (schema.ValueKind == JsonValueKind.Array)
        {
            foreach (var inner in schema.EnumerateArray().SelectMany(item => Keywords(item, path)))
            {
                yield return inner;
            }
        }
    }

    [Fact]
    public async Task Follows_a_task_from_pending_through_running_to_succeeded()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var pending = await harness.GetTaskAsync("demo-success");
        Assert.Equal("PENDING", pending.Structured().GetProperty("status").GetString());
        Assert.Equal(5, pending.Structured().GetProperty("pollAgainAfterSeconds").GetInt32());
        Assert.Contains("ask again in 5 seconds", pending.Text(), StringComparison.Ordinal);

        harness.Time.Advance(Step * 3);
        var running = await harness.GetTaskAsync("demo-success");
        Assert.Equal("RUNNING", running.Structured().GetProperty("status").GetString());
        Assert.Equal(0.5, running.Structured().GetProperty("progress").GetDouble());
        Assert.Contains("50% done", running.Text(), StringComparison.Ordinal);

        harness.Time.Advance(Step * 2);
        var done = await harness.GetTaskAsync("demo-success");
        var view = done.Structured();
        Assert.Equal("SUCCEEDED", view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("isTerminal").GetBoolean());
        Assert.False(view.TryGetProperty("pollAgainAfterSeconds", out _));
        var url = Assert.Single(view.GetProperty("output").EnumerateArray()).GetString()!;
        Assert.Contains(url, done.Text(), StringComparison.Ordinal);
        // The sandbox signs its URLs as Runway does, saying when they stop: a day after the task began.
        var expires = DateTimeOffset.Parse(view.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
        Assert.Equal(expires, DateTimeOffset.Parse(view.GetProperty("outputExpiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"expire at {view.GetProperty("outputExpiresAt").GetString()}, about 24 hours from now", done.Text(), StringComparison.Ordinal);
        Assert.Equal(50, view.GetProperty("costCredits").GetInt64());
    }

    [Fact]
    public async Task Values_that_do_not_fit_are_passed_on_and_named_never_shown_as_over_100_percent()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var running = await harness.GetTaskAsync("fault-odd-running");

        Assert.NotEqual(true, running.IsError);
        var view = running.Structured();
        Assert.Equal("RUNNING", view.GetProperty("status").GetString());
        Assert.False(view.TryGetProperty("progress", out _));
        Assert.False(view.TryGetProperty("createdAt", out _));
        Assert.Equal(42, view.GetProperty("extra").GetProperty("progress").GetDouble());
        Assert.Equal(1719517772335, view.GetProperty("extra").GetProperty("createdAt").GetInt64());
        Assert.DoesNotContain("4200", running.Text(), StringComparison.Ordinal);
        Assert.Contains("createdAt = 1719517772335", running.Text(), StringComparison.Ordinal);
        Assert.Contains("progress = 42", running.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fractional_cost_is_read_and_a_time_without_zone_kept_as_sent()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var done = await harness.GetTaskAsync("fault-odd-succeeded");

        var view = done.Structured();
        Assert.Equal(12.5, view.GetProperty("costCredits").GetDouble());
        Assert.Contains("Cost: 12.5 credits", done.Text(), StringComparison.Ordinal);
        Assert.Equal("2024-06-27 19:49:32", view.GetProperty("extra").GetProperty("createdAt").GetString());
        Assert.Contains("createdAt = \"2024-06-27 19:49:32\"", done.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Numbers_beyond_range_and_a_misfit_inside_the_cost_are_passed_on_not_an_internal_error()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var running = await harness.GetTaskAsync("fault-odd-values");

        Assert.NotEqual(true, running.IsError);
        var extra = running.Structured().GetProperty("extra");
        Assert.Equal("1e400", extra.GetProperty("progress").GetString());
        Assert.Equal("fifty", extra.GetProperty("estimatedCost").GetProperty("credits").GetString());
        // Kept as sent, as at the top level: Kiota's own read of an unknown object made it a float's -Infinity.
        Assert.Equal("-1e400", extra.GetProperty("meta").GetProperty("seed").GetString());
        Assert.False(running.Structured().TryGetProperty("estimatedCostCredits", out _));
        Assert.Contains("estimatedCost = {\"credits\":\"fifty\"}", running.Text(), StringComparison.Ordinal);
        Assert.Contains("progress = \"1e400\"", running.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_that_is_no_web_address_is_passed_on_and_marked_in_the_text()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("fault-odd-output");

        var output = result.Structured().GetProperty("output").EnumerateArray().Select(url => url.GetString()!).ToList();
        Assert.Equal(["javascript:alert(document.domain)", "/files/fault-odd-output.mp4"], output.Take(2));
        var lines = result.Text().ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("- javascript:alert(document.domain) (not a web address: do not open it as a link)", lines);
        Assert.Contains("- /files/fault-odd-output.mp4 (not a web address: do not open it as a link)", lines);
        Assert.Contains($"- {output[2]}", lines);
    }

    [Theory]
    [InlineData("demo-image", "image/png", "\u0089PNG")]
    [InlineData("demo-audio", "audio/wav", "RIFF")]
    public async Task An_image_or_audio_task_ends_with_a_file_of_that_kind(string taskId, string contentType, string signature)
    {
        // Runway's task endpoint serves its image and audio tasks too; the sandbox's stand-in files let a view show them.
        await using var harness = await McpServerHarness.StartAsync();
        await harness.GetTaskAsync(taskId);
        harness.Time.Advance(Step * 5);

        var result = await harness.GetTaskAsync(taskId);

        var url = Assert.Single(result.Structured().GetProperty("output").EnumerateArray()).GetString()!;
        using var http = new HttpClient();
        using var file = await http.GetAsync(new Uri(url), TestContext.Current.CancellationToken);
        Assert.Equal(contentType, file.Content.Headers.ContentType?.MediaType);
        var bytes = await file.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(signature, System.Text.Encoding.Latin1.GetString(bytes, 0, signature.Length));
    }

    [Fact]
    public async Task Fields_a_relay_adds_that_are_too_large_for_a_host_are_shortened_and_the_task_comes_through()
    {
        // Claude Code refuses a tool result past 25,000 tokens (MAX_MCP_OUTPUT_TOKENS): the agent would get an error
        // instead of the status and the videos. Here the relay's answer is about 460 KB.
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("fault-bloated");

        Assert.NotEqual(true, result.IsError);
        var whole = JsonSerializer.Serialize(result);
        Assert.InRange(whole.Length, 1, 25_000);
        var task = result.Structured();
        Assert.Equal("SUCCEEDED", task.GetProperty("status").GetString());
        Assert.Contains("/files/fault-bloated.mp4?", Assert.Single(task.GetProperty("output").EnumerateArray()).GetString(), StringComparison.Ordinal);
        var extra = task.GetProperty("extra");
        Assert.StartsWith("data:image/png;base64,AAAA", extra.GetProperty("thumbnail").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("more characters left out here]", extra.GetProperty("thumbnail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("[left out here: ", extra.GetProperty("frames").GetString(), StringComparison.Ordinal);
        Assert.Equal(42, extra.GetProperty("seed").GetInt32());
        Assert.Contains("shortened here: extra.thumbnail, extra.frames (the relay has them in full)", result.Text(), StringComparison.Ordinal);
        Assert.Equal(result.Text(), task.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_body_in_latin_1_is_read_with_the_stray_byte_replaced()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var failed = await harness.GetTaskAsync("fault-not-utf8");

        Assert.Equal("FAILED", failed.Structured().GetProperty("status").GetString());
        Assert.Equal("Contenu refus\uFFFD", failed.Structured().GetProperty("failure").GetString());
        Assert.Contains("Reason: Contenu refus\uFFFD", failed.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_inside_a_json_array_is_an_unexpected_response_that_says_so()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("fault-array");

        Assert.True(result.IsError);
        Assert.Contains("[unexpected_response]", result.Text(), StringComparison.Ordinal);
        Assert.Contains("the body is a JSON array, not an object", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_numeric_id_is_an_unexpected_response_that_names_the_field()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("fault-numeric-id");

        Assert.True(result.IsError);
        Assert.Contains("[unexpected_response]", result.Text(), StringComparison.Ordinal);
        Assert.Contains("id held the number 123 instead of a string", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explains_a_failure_and_its_code()
    {
        await using var harness = await McpServerHarness.StartAsync();
        await harness.GetTaskAsync("demo-failure");
        harness.Time.Advance(Step * 3);

        var failed = await harness.GetTaskAsync("demo-failure");

        var view = failed.Structured();
        Assert.Equal("FAILED", view.GetProperty("status").GetString());
        Assert.Equal("SAFETY.INPUT.TEXT", view.GetProperty("failureCode").GetString());
        Assert.Contains("content moderation", failed.Text(), StringComparison.Ordinal);
        Assert.Contains("change it and start a new generation", failed.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo-throttled", 0, "THROTTLED", "too many tasks running")]
    [InlineData("demo-cancelled", 1, "CANCELLED", "cancelled and will not produce a video")]
    [InlineData("demo-instant", 0, "SUCCEEDED", "the video is ready")]
    [InlineData("demo-image", 5, "SUCCEEDED", "the image is ready")]
    [InlineData("demo-audio", 5, "SUCCEEDED", "the audio is ready")]
    public async Task Reports_each_status_in_words(string taskId, int steps, string status, string words)
    {
        await using var harness = await McpServerHarness.StartAsync();
        await harness.GetTaskAsync(taskId);
        harness.Time.Advance(Step * steps);

        var result = await harness.GetTaskAsync(taskId);

        Assert.Equal(status, result.Structured().GetProperty("status").GetString());
        Assert.Contains(words, result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_on_an_unknown_status_and_unknown_fields()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("demo-new-status");

        var view = result.Structured();
        Assert.Equal("ARCHIVED", view.GetProperty("status").GetString());
        Assert.False(view.GetProperty("isTerminal").GetBoolean());
        Assert.Equal("sandbox-1", view.GetProperty("extra").GetProperty("relayRegion").GetString());
        Assert.Contains("does not know", result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo-failure-done")]
    [InlineData("demo-success-done")]
    [InlineData("demo-new-status")]
    [InlineData("fault-wrapped")]
    [InlineData("fault-odd-running")]
    public async Task The_structured_content_says_what_the_text_says(string taskId)
    {
        // Claude Code and VS Code give the model only structuredContent when a result has both (anthropics/claude-code
        // #54450, #79944): the advice in the text (what a failure code means, that links expire) must be there too.
        await using var harness = await McpServerHarness.StartAsync(sandbox: new SandboxOptions { StepSeconds = 0 });

        var result = await harness.GetTaskAsync(taskId);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(result.Text(), result.Structured().GetProperty("summary").GetString());
    }

    [Theory]
    [InlineData("no-such-task", "task_not_found", "does not exist")]
    [InlineData("fault-429", "rate_limited", "Wait 2 seconds")]
    [InlineData("fault-429", "rate_limited", "(HTTP 429: \"Rate limit exceeded\")")]
    [InlineData("fault-429-date", "rate_limited", "Wait 2 seconds")]
    [InlineData("fault-429-bare", "rate_limited", "at least 30 seconds")]
    [InlineData("fault-500", "relay_unavailable", "HTTP 500")]
    [InlineData("fault-502", "relay_unavailable", "HTTP 502")]
    [InlineData("fault-503", "relay_unavailable", "usually temporary")]
    [InlineData("fault-504", "relay_unavailable", "HTTP 504")]
    [InlineData("fault-400", "bad_request", "HTTP 400")]
    [InlineData("fault-401", "unauthorized", "Relay__ApiKey")]
    [InlineData("fault-403", "forbidden", "HTTP 403")]
    [InlineData("fault-402", "relay_rejected", "balance or quota at the relay")]
    [InlineData("fault-408", "relay_timeout", "HTTP 408")]
    [InlineData("fault-405", "relay_rejected", "HTTP 405")]
    [InlineData("fault-kling", "unexpected_response", "code, message, request_id, data")]
    [InlineData("fault-luma", "unexpected_response", "prompt, state")]
    [InlineData("fault-relay-error", "relay_error", "code task_not_exist")]
    // Its first answer: 400 with new-api's own {code, message, data}, which is no malformed request.
    [InlineData("demo-appears-late", "relay_error", "instead of a task (HTTP 400): code task_not_exist")]
    [InlineData("fault-malformed", "unexpected_response", "not valid JSON")]
    [InlineData("fault-html", "relay_unavailable", "HTTP 502")]
    [InlineData("fault-huge", "unexpected_response", "Relay:MaxResponseBytes")]
    public async Task Each_relay_failure_is_an_error_result_that_says_what_to_do(string taskId, string kind, string words)
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync(taskId);

        Assert.Equal(kind, result.ErrorKind());
        Assert.Contains(words, result.Text(), StringComparison.Ordinal);
        Assert.Null(result.StructuredContent);
        // The server keeps serving after any failure.
        Assert.Equal("SUCCEEDED", (await harness.GetTaskAsync("demo-instant")).Structured().GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_refused_key_is_unauthorized()
    {
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:ApiKey"] = "not-a-sandbox-key");

        var result = await harness.GetTaskAsync("demo-instant");

        Assert.Equal("unauthorized", result.ErrorKind());
    }

    [Fact]
    public async Task No_configured_key_is_refused_before_sending()
    {
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:ApiKey"] = null);

        var result = await harness.GetTaskAsync("demo-instant");

        Assert.Equal("missing_key", result.ErrorKind());
        Assert.Empty(harness.Sandbox.Requests);
    }

    [Fact]
    public async Task A_relay_that_does_not_answer_in_time_is_a_timeout()
    {
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:Timeout"] = "00:00:01");

        var result = await harness.GetTaskAsync("fault-slow");

        Assert.Equal("relay_timeout", result.ErrorKind());
        Assert.Contains("within 1 seconds", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_that_refuses_connections_is_unreachable()
    {
        var closedPort = UnusedLoopbackPort.Next();
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:BaseUrl"] = $"http://127.0.0.1:{closedPort}");

        var result = await harness.GetTaskAsync("demo-instant");

        Assert.Equal("relay_unreachable", result.ErrorKind());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("?q")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0000id")]
    public async Task Refuses_invalid_ids_before_any_request(string taskId)
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync(taskId);

        Assert.Equal("invalid_task_id", result.ErrorKind());
        Assert.Contains("Nothing was sent", result.Text(), StringComparison.Ordinal);
        Assert.Empty(harness.Sandbox.Requests);
    }

    [Fact]
    public async Task Refuses_a_ten_thousand_character_id_before_any_request()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync(new string('a', 10_000));

        Assert.Equal("invalid_task_id", result.ErrorKind());
        Assert.Empty(harness.Sandbox.Requests);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("{}")]
    public async Task Arguments_of_the_wrong_type_are_an_error_result_not_a_crash(string json)
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.CallAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = JsonDocument.Parse(json).RootElement });

        Assert.True(result.IsError);
        Assert.Empty(harness.Sandbox.Requests);
        Assert.Equal("SUCCEEDED", (await harness.GetTaskAsync("demo-instant")).Structured().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Extra_arguments_are_ignored()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.CallAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant", ["verbose"] = true, ["api_key"] = "nope" });

        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_missing_argument_is_an_error_result()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.CallAsync("get_video_task", new Dictionary<string, object?>());

        Assert.True(result.IsError);
        Assert.Empty(harness.Sandbox.Requests);
    }

    [Fact]
    public async Task An_unknown_tool_is_a_protocol_error()
    {
        await using var harness = await McpServerHarness.StartAsync();

        await Assert.ThrowsAsync<McpProtocolException>(() => harness.CallAsync("no_such_tool", new Dictionary<string, object?>()));
    }

    [Fact]
    public async Task The_key_never_appears_in_results_or_logs()
    {
        await using var harness = await McpServerHarness.StartAsync();
        var seen = new List<string>();
        foreach (var taskId in new[] { "demo-instant", "no-such-task", "fault-401", "fault-429", "fault-503", "fault-kling", "fault-malformed", "fault-html", "fault-redirect", "../x" })
        {
            var result = await harness.GetTaskAsync(taskId);
            seen.Add(JsonSerializer.Serialize(result, ModelContextProtocol.McpJsonUtilities.DefaultOptions));
        }

        Assert.All(seen, text => Assert.DoesNotContain(McpServerHarness.Key, text, StringComparison.Ordinal));
        Assert.NotEmpty(harness.Logs.Lines);
        Assert.All(harness.Logs.Lines, line => Assert.DoesNotContain(McpServerHarness.Key, line, StringComparison.Ordinal));
        Assert.All(harness.Sandbox.Requests.Where(r => r.TaskId != "../x"), r => Assert.True(r.CarriedKey || r.TaskId == "demo-instant-redirected"));
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_refused_and_names_that_host()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("fault-redirect");

        Assert.Equal("unexpected_response", result.ErrorKind());
        Assert.Contains($"another host (localhost:{harness.Sandbox.BaseUrl.Port})", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Sandbox.Requests, r => r.TaskId == "demo-instant-redirected");
    }

    [Fact]
    public async Task A_redirect_on_the_relays_own_host_is_followed_with_the_key()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("fault-redirect-same-host");

        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.Equal(2, harness.Sandbox.Requests.Count(r => r.TaskId == "fault-redirect-same-host" && r.CarriedKey));
    }

    [Fact]
    public async Task An_answer_about_another_task_is_refused_naming_both_ids()
    {
        await using var harness = await McpServerHarness.StartAsync();

        var result = await harness.GetTaskAsync("fault-other-id");

        Assert.Equal("unexpected_response", result.ErrorKind());
        Assert.Contains("demo-instant-someone-else, not fault-other-id", result.Text(), StringComparison.Ordinal);
    }
}
