using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The HTTP endpoint against requests of every method this server answers, their params mutated at random (from a fixed
/// seed, bounded in count, so a failure can be replayed), under both revisions: every answer is a result or a named
/// error, never a 500 or the SDK's anonymous "An error occurred.", and the log never holds a stack trace for them.
/// </summary>
[Collection(nameof(LoadsTheMachine))]
public sealed class HttpRobustnessTests : IAsyncLifetime
{
    private const string July2026 = "2026-07-28";

    private SandboxRelay sandbox = null!;
    private readonly CapturedLogs logs = new();
    private WebApplication app = null!;
    private Uri endpoint = null!;

    // Requests as clients send them. A wait only ever follows demo-instant, which has ended: it answers at its first poll.
    private static readonly (string Method, string Params)[] Requests =
    [
        ("tools/call", """{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}"""),
        ("tools/call", """{"name":"get_video_task","arguments":{"task_id":"no-such-task"}}"""),
        ("tools/call", """{"name":"wait_for_video_task","arguments":{"task_id":"demo-instant","timeout_seconds":5},"_meta":{"progressToken":"p"}}"""),
        ("tools/list", "{}"),
        ("prompts/list", """{"cursor":"c"}"""),
        ("prompts/get", """{"name":"check_video_task","arguments":{"task_id":"demo-instant"}}"""),
        ("resources/list", "{}"),
        ("resources/templates/list", "{}"),
        ("resources/read", """{"uri":"runway://tasks/demo-instant"}"""),
        ("resources/read", """{"uri":"ui://runway-relay/video-task.html"}"""),
        ("resources/subscribe", """{"uri":"runway://tasks/demo-instant"}"""),
        ("tasks/get", """{"taskId":"video-task:demo-success"}"""),
        ("tasks/cancel", """{"taskId":"video-task:demo-success"}"""),
        ("completion/complete", """{"ref":{"type":"ref/prompt","name":"check_video_task"},"argument":{"name":"task_id","value":"demo"}}"""),
        ("completion/complete", """{"ref":{"type":"ref/resource","uri":"runway://tasks/{task_id}"},"argument":{"name":"task_id","value":""},"context":{"arguments":{}}}"""),
        ("logging/setLevel", """{"level":"info"}"""),
        ("initialize", """{"protocolVersion":"2025-11-25","capabilities":{"roots":{}},"clientInfo":{"name":"fuzz","version":"1"}}"""),
        ("ping", "{}"),
        ("notifications/cancelled", """{"requestId":"wait-1","reason":"changed my mind"}"""),
    ];

    private static readonly JsonNode?[] Misfits =
    [
        null, true, 0, -1, 1.5, 1e300, "", "demo-instant", new string('x', 3_000), "é\u0000\uffff", new JsonArray(), new JsonObject(),
        new JsonArray(1, "a"), new JsonObject { ["a"] = new JsonObject { ["b"] = new JsonArray(null, 2) } },
    ];

    private static readonly string[] FieldNames = ["name", "arguments", "task_id", "timeout_seconds", "uri", "taskId", "level", "cursor", "_meta", "progressToken", "clientInfo", "version", "requestId", "ref", "type", "argument", "value", "context"];

    public async ValueTask InitializeAsync()
    {
        (sandbox, app, endpoint) = await McpHttpServerUnderTest.StartWithSandboxAsync(logs, asWithSandboxFlag: true);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Mutated_requests_get_a_result_or_a_named_error_never_a_500_and_no_stack_trace()
    {
        var random = new Random(20261204);
        var problems = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var (method, template) = Requests[random.Next(Requests.Length)];
            var revision = random.Next(2) == 0 ? July2026 : "2025-11-25";
            var parameters = JsonNode.Parse(template)!.AsObject();
            if (revision == July2026)
            {
                parameters["_meta"] = July2026Meta(parameters["_meta"]?.DeepClone().AsObject());
            }
            var sent = random.Next(3) == 0 ? parameters : Mutate(random, parameters, depth: 0);
            KeepWaitsShort(method, sent);
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = sent?.DeepClone() };
            if (!method.StartsWith("notifications/", StringComparison.Ordinal))
            {
                message["id"] = i;
            }

            using var response = await McpHttpServerUnderTest.PostAsync(endpoint, message.ToJsonString(), Headers(revision, method, sent));
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if ((int)response.StatusCode >= 500 || body.Contains("\"code\":-32603", StringComparison.Ordinal))
            {
                problems.Add($"{(int)response.StatusCode} for {message.ToJsonString()[..Math.Min(300, message.ToJsonString().Length)]}: {body[..Math.Min(300, body.Length)]}");
            }
        }

        Assert.Empty(problems);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("   at ", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        // The mix reached the relay: it is not all refused at the door.
        Assert.NotEmpty(sandbox.Requests);
    }

    private static JsonObject July2026Meta(JsonObject? meta)
    {
        meta ??= [];
        meta["io.modelcontextprotocol/protocolVersion"] = July2026;
        meta["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "fuzz", ["version"] = "1" };
        meta["io.modelcontextprotocol/clientCapabilities"] = new JsonObject { ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject() } };
        return meta;
    }

    // One change somewhere in the tree: a value replaced, a field dropped or added, or a change one level down.
    private static JsonNode? Mutate(Random random, JsonNode? node, int depth)
    {
        if (random.Next(8) == 0 || node is not (JsonObject or JsonArray))
        {
            return Misfits[random.Next(Misfits.Length)]?.DeepClone();
        }
        if (node is JsonArray array)
        {
            return array.Count == 0 ? new JsonArray(Misfits[random.Next(Misfits.Length)]?.DeepClone()) : new JsonArray([.. array.Select(item => Mutate(random, item, depth + 1))]);
        }
        var copy = node.DeepClone().AsObject();
        switch (random.Next(3))
        {
            case 0 when copy.Count > 0:
                copy.Remove(copy.ElementAt(random.Next(copy.Count)).Key);
                break;
            case 1:
                copy[FieldNames[random.Next(FieldNames.Length)]] = Misfits[random.Next(Misfits.Length)]?.DeepClone();
                break;
            default:
                if (copy.Count > 0 && depth < 4)
                {
                    var name = copy.ElementAt(random.Next(copy.Count)).Key;
                    copy[name] = Mutate(random, copy[name], depth + 1);
                }
                break;
        }
        return copy;
    }

    // A wait for any other id (a valid one the sandbox does not know, say) would poll for many seconds.
    private static void KeepWaitsShort(string method, JsonNode? parameters)
    {
        if (method == "tools/call" && parameters is JsonObject { } call && call["name"]?.GetValueKind() == JsonValueKind.String
            && call["name"]!.GetValue<string>() == "wait_for_video_task" && call["arguments"] is JsonObject arguments
            && arguments["task_id"]?.GetValueKind() == JsonValueKind.String)
        {
            arguments["task_id"] = "demo-instant";
        }
    }

    private static Dictionary<string, string> Headers(string revision, string method, JsonNode? parameters)
    {
        var headers = new Dictionary<string, string> { ["MCP-Protocol-Version"] = revision };
        if (revision == July2026)
        {
            headers["Mcp-Method"] = method;
            if (parameters is JsonObject { } sent && sent["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
                && name.GetValue<string>() is { } text && text.All(c => c is >= ' ' and <= '~'))
            {
                headers["Mcp-Name"] = text;
            }
        }
        return headers;
    }
}
