using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Requests whose params have the wrong shape, as hand-written clients and buggy bridges send them over HTTP,
/// or name a tool, prompt or resource that is not there, as a model may: a named error that says which field and what
/// it must be (or what there is), never the SDK's -32603 "An error occurred.", one warning line without the SDK's stack
/// traces, and nothing sent to the relay.</summary>
public sealed class RequestParamsCheckTests : IAsyncLifetime
{
    private SandboxRelay sandbox = null!;
    private readonly CapturedLogs logs = new();
    private WebApplication app = null!;
    private Uri endpoint = null!;

    public async ValueTask InitializeAsync()
    {
        (sandbox, app, endpoint) = await McpHttpServerUnderTest.StartWithSandboxAsync(logs);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    public static TheoryData<string, string, string> BadParams() => new()
    {
        { "tools/call", "\"get_video_task\"", "params must be an object; it was a string" },
        { "tools/call", """{"name":5}""", "params.name must be the tool's name, a string; it was a number" },
        { "tools/call", """{"arguments":{"task_id":"demo-instant"}}""", "params.name is required" },
        { "tools/call", """{"name":"get_video_task","arguments":"demo-instant"}""", "params.arguments must be an object of argument names and values; it was a string" },
        { "tools/call", """{"name":"get_video_task","arguments":["demo-instant"]}""", "params.arguments must be an object of argument names and values; it was an array" },
        { "tools/call", """{"name":"get_video_task","arguments":{"task_id":"demo-instant"},"_meta":"demo-instant"}""", "params._meta must be an object; it was a string" },
        { "prompts/get", """{"name":"check_video_task","arguments":7}""", "params.arguments must be an object of argument names and string values; it was a number" },
        { "resources/read", """{"uri":5}""", "params.uri must be the resource's URI, a string; it was a number" },
        { "resources/read", "{}", "params.uri is required" },
        { "resources/read", "null", "params.uri is required" },
        { "tools/list", """{"cursor":{}}""", "params.cursor must be a string; it was an object" },
        { "tasks/get", """{"taskId":5}""", "params.taskId must be the task id a tool call answered with, a string; it was a number" },
        { "tasks/cancel", "{}", "params.taskId is required" },
        { "logging/setLevel", """{"level":"verbose"}""", "params.level must be one of debug, info, notice, warning, error, critical, alert, emergency; it was another string" },
        { "logging/setLevel", """{"level":"DEBUG"}""", "params.level must be one of debug, info, notice, warning, error, critical, alert, emergency; it was another string" },
        { "logging/setLevel", """{"level":3}""", "params.level must be one of debug, info, notice, warning, error, critical, alert, emergency; it was a number" },
        { "logging/setLevel", "{}", "params.level is required" },
        { "resources/subscribe", """{"name":"runway://tasks/demo-instant"}""", "params.uri is required" },
        { "tools/call", """{"name":"get_video_status","arguments":{"task_id":"demo-instant"}}""", "there is no tool by that name; this server's tools: get_video_task, wait_for_video_task." },
        { "prompts/get", """{"name":"demo-instant","arguments":{"task_id":"demo-instant"}}""", "there is no prompt by that name; this server's prompts: check_video_task." },
    };

    [Theory]
    [MemberData(nameof(BadParams))]
    public async Task Params_of_the_wrong_shape_are_a_named_invalid_params_error(string method, string parameters, string says)
    {
        var answer = await SendAsync(method, parameters);

        var error = answer.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.StartsWith($"Invalid params for {method}: {says}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(sandbox.Requests);
        // One warning line of ours, without the value sent; no stack trace from the SDK.
        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains($"Refused {method}: {says}", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-instant", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"Insomnia"}}""", "params.clientInfo")]
    [InlineData("""{"capabilities":{},"clientInfo":{"name":"demo-instant","version":"1"}}""", "params")]
    [InlineData("""{"protocolVersion":"2025-11-25","capabilities":{"roots":"demo-instant"},"clientInfo":{"name":"a","version":"1"}}""", "params.capabilities.roots")]
    public async Task Initialize_params_the_SDK_cannot_read_are_a_named_invalid_params_error_not_a_500(string parameters, string where)
    {
        // The SDK's transport reads these before any message filter (csharp-sdk #788, from Insomnia's initialize).
        using var response = await McpHttpServerUnderTest.PostAsync(endpoint, $$"""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{parameters}}}""", []);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var (code, message) = await McpHttpServerUnderTest.ReadRefusalAsync(response);
        Assert.Equal(-32602, code);
        Assert.StartsWith($"Invalid params: {where} lacks a required field or holds a value of the wrong type.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-instant", message, StringComparison.Ordinal);
        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        Assert.Contains($"400, {where} not of the form the MCP specification gives it", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-instant", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_that_is_not_there_is_not_found_with_the_ones_there_are()
    {
        var answer = await SendAsync("resources/read", """{"uri":"runway://task/demo-instant"}""");

        var error = answer.GetProperty("error");
        Assert.Equal(-32002, error.GetProperty("code").GetInt32());
        Assert.Equal("Resource not found: there is no resource by that URI; this server's resources: ui://runway-relay/video-task.html, runway://tasks/{task_id}.", error.GetProperty("message").GetString());
        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal));
        Assert.DoesNotContain("demo-instant", warning, StringComparison.Ordinal);
        Assert.Empty(sandbox.Requests);
    }

    [Theory]
    [InlineData("2026-07-28", McpErrorCode.InvalidParams)]
    [InlineData("2025-11-25", McpErrorCode.ResourceNotFound)]
    public async Task A_resource_that_is_not_there_is_the_error_code_of_the_clients_protocol_revision(string revision, McpErrorCode code)
    {
        // SEP-2164 made it -32602 from 2026-07-28 on; clients of earlier revisions look for -32002.
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp }),
            new McpClientOptions { ProtocolVersion = revision },
            cancellationToken: TestContext.Current.CancellationToken);

        var unknownScheme = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("runway://task/demo-instant", cancellationToken: TestContext.Current.CancellationToken).AsTask());
        var unknownTask = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("runway://tasks/no-such-task", cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(revision, client.NegotiatedProtocolVersion);
        Assert.Equal((code, "runway://task/demo-instant"), (unknownScheme.ErrorCode, unknownScheme.Data["uri"]?.ToString()));
        Assert.Equal((code, "runway://tasks/no-such-task"), (unknownTask.ErrorCode, unknownTask.Data["uri"]?.ToString()));
        Assert.Contains("[task_not_found]", unknownTask.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_arguments_sent_as_a_string_holding_the_object_are_read_as_that_object()
    {
        // Some bridges between a model and MCP encode the arguments as JSON a second time.
        var answer = await SendAsync("tools/call", """{"name":"get_video_task","arguments":"{\"task_id\":\"demo-instant\"}"}""");

        var result = answer.GetProperty("result");
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), result.ToString());
        Assert.Equal("SUCCEEDED", result.GetProperty("structuredContent").GetProperty("status").GetString());
        Assert.Single(sandbox.Requests);
    }

    [Fact]
    public async Task Well_formed_params_pass_untouched()
    {
        var listed = await SendAsync("tools/list", """{"cursor":null,"_meta":{"progressToken":1}}""");
        var templates = await SendAsync("resources/templates/list", "null");
        var level = await SendAsync("logging/setLevel", """{"level":"warning"}""");

        Assert.Equal(2, listed.GetProperty("result").GetProperty("tools").GetArrayLength());
        Assert.True(templates.GetProperty("result").TryGetProperty("resourceTemplates", out _), templates.ToString());
        Assert.True(level.TryGetProperty("result", out _), level.ToString());
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
    }

    private async Task<JsonElement> SendAsync(string method, string parameters)
    {
        using var response = await McpHttpServerUnderTest.PostAsync(endpoint, $$"""{"jsonrpc":"2.0","id":1,"method":"{{method}}","params":{{parameters}}}""", []);
        return await McpHttpServerUnderTest.ReadAnswerAsync(response);
    }
}
