using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Tasks over Streamable HTTP as a 2026-07-28 client sends them (bare POSTs with the revision's headers), against two
/// instances of the server that share one relay, as behind a load balancer: the task one instance hands out is polled
/// on the other, each poll with the caller's own relay key and the <c>Mcp-Name</c> routing header the spec requires.
/// The relay's clock is fake, so the tests move the generation along.
/// </summary>
public sealed class McpTasksHttpTests : IAsyncLifetime
{
    private const string CallerKey = "sk-sandbox-tasks-caller-0123456789";
    private readonly ObservableFakeTime relayTime = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private SandboxRelay sandbox = null!;
    private readonly List<WebApplication> apps = [];

    public async ValueTask InitializeAsync() =>
        sandbox = await SandboxRelay.StartAsync(new SandboxOptions { StepSeconds = 3 }, relayTime, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_task_handed_out_by_one_instance_is_polled_to_its_result_on_another()
    {
        var first = await StartInstanceAsync();
        var second = await StartInstanceAsync();

        var created = await SendAsync(first, "tools/call", "wait_for_video_task", new JsonObject { ["name"] = "wait_for_video_task", ["arguments"] = new JsonObject { ["task_id"] = "demo-success-http" } });
        Assert.Equal(("task", "working"), (created["resultType"]?.GetValue<string>(), created["status"]?.GetValue<string>()));
        var handle = created["taskId"]!.GetValue<string>();

        JsonObject polled;
        var polls = 0;
        do
        {
            Assert.True(++polls <= 20, "the task did not complete within 20 polls");
            relayTime.Advance(TimeSpan.FromSeconds(6));
            polled = await SendAsync(second, "tasks/get", handle, new JsonObject { ["taskId"] = handle });
        }
        while (polled["status"]?.GetValue<string>() == "working");

        Assert.Equal("completed", polled["status"]?.GetValue<string>());
        Assert.Equal("SUCCEEDED", polled["result"]?["structuredContent"]?["status"]?.GetValue<string>());
        // Every relay read carried the caller's key: the handle lends none.
        Assert.Equal(1 + polls, sandbox.Requests.Count);
        Assert.All(sandbox.Requests, request => Assert.Equal(SandboxRequest.Fingerprint(CallerKey), request.KeyFingerprint));
    }

    [Fact]
    public async Task A_poll_whose_routing_header_names_another_task_is_refused_before_the_relay_is_asked()
    {
        var instance = await StartInstanceAsync();

        using var response = await PostAsync(instance, "tasks/get", "video-task:demo-success-other", new JsonObject { ["taskId"] = "video-task:demo-success-http" });
        var answer = await McpHttpServerUnderTest.ReadAnswerAsync(response);

        Assert.Equal(-32020, answer.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Empty(sandbox.Requests);
    }

    private async Task<Uri> StartInstanceAsync()
    {
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?> { ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri, ["Relay:MaxRetries"] = "0" },
            new ServerOptions());
        apps.Add(app);
        return endpoint;
    }

    private static async Task<JsonObject> SendAsync(Uri endpoint, string method, string name, JsonObject parameters)
    {
        using var response = await PostAsync(endpoint, method, name, parameters);
        var answer = JsonNode.Parse((await McpHttpServerUnderTest.ReadAnswerAsync(response)).GetRawText())!;
        return Assert.IsType<JsonObject>(answer["result"], exactMatch: false);
    }

    // A 2026-07-28 request: the revision, the client and its capabilities in _meta, the method and name in headers.
    private static Task<HttpResponseMessage> PostAsync(Uri endpoint, string method, string name, JsonObject parameters)
    {
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "tasks-http-test", ["version"] = "1.0" },
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject { ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject() } },
        };
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters };
        return McpHttpServerUnderTest.PostAsync(endpoint, message.ToJsonString(), new Dictionary<string, string>
        {
            ["MCP-Protocol-Version"] = "2026-07-28",
            ["Mcp-Method"] = method,
            ["Mcp-Name"] = name,
            [ServerOptions.CallerKeyHeader] = CallerKey,
        });
    }
}
