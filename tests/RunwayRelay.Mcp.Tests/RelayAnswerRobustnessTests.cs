using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Relays answering in ways no other test spells out. Each answer is Runway's task mutated at random from a seed that is
/// the task id's number, so a failure replays by its id: fields of the wrong kind, dropped or added, names empty or
/// odd, numbers no float holds, half a surrogate pair, deep nesting, envelopes, cut or padded bodies, other statuses,
/// content types, <c>Retry-After</c> and <c>Location</c> headers. <c>get_video_task</c> must answer each with a task or a
/// named error, never <c>internal_error</c> or the key, a task as its published output schema says, and the log must hold
/// no error and no stack trace.
/// </summary>
[Collection(nameof(LoadsTheMachine))]
public sealed class RelayAnswerRobustnessTests
{
    private const int Answers = 300;

    // Stand-ins for what JsonNode cannot hold, swapped for the raw JSON when the body is written.
    private const string HalfPair = "@half-pair@";
    private const string BeyondDouble = "@beyond-double@";

    private static readonly string[] Statuses = ["PENDING", "THROTTLED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];

    private static readonly string[] ExtraNames = ["", "extra", "Status", "__proto__", HalfPair];

    private static readonly int[] OtherStatusCodes = [201, 204, 301, 302, 400, 401, 403, 404, 409, 418, 429, 500, 502, 503];

    private static readonly string[] ContentTypes = ["application/json", "application/json", "application/json", "text/html", "application/json; charset=latin1", "application/problem+json"];

    private static readonly string[] RetryAfters = ["0", "1", "-5", "abc", "99999999999", "Wed, 21 Oct 2015 07:28:00 GMT"];

    private static readonly string[] Locations = ["::::", "next?x=1", "http://localhost:1/elsewhere", "%zz", " "];

    private static readonly string[] KnownKinds =
    [
        "bad_request", "unauthorized", "forbidden", "task_not_found", "relay_rejected", "rate_limited", "relay_unavailable",
        "relay_timeout", "relay_unreachable", "unexpected_response", "relay_error",
    ];

    [Fact]
    public async Task Mutated_task_answers_give_a_task_or_a_named_error_and_no_stack_trace()
    {
        await using var relay = await StartRelayAsync();
        await using var harness = await McpServerHarness.StartAsync(s => s["Relay:BaseUrl"] = relay.Urls.Single());
        var schemas = await PublishedOutputSchemas.ReadAsync(harness.Client);
        var problems = new List<string>();
        var kinds = new HashSet<string>();

        for (var seed = 0; seed < Answers; seed++)
        {
            var result = await harness.GetTaskAsync($"fuzz-{seed}");
            var kind = result.IsError == true ? result.ErrorKind() : "task";
            kinds.Add(kind);
            if (kind != "task" && !KnownKinds.Contains(kind))
            {
                problems.Add($"fuzz-{seed}: {result.Text()[..Math.Min(300, result.Text().Length)]}");
            }
            problems.AddRange(schemas.Problems("get_video_task", result).Select(problem => $"fuzz-{seed}: {problem}"));
            if (result.Text().Contains(McpServerHarness.Key, StringComparison.Ordinal))
            {
                problems.Add($"fuzz-{seed}: the key is in the result");
            }
        }

        Assert.Empty(problems);
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains("   at ", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        // The mix reached past the door: tasks were read, and shapes refused.
        Assert.Contains("task", kinds);
        Assert.Contains("unexpected_response", kinds);
    }

    private static async Task<WebApplication> StartRelayAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            var taskId = context.Request.Path.Value![(context.Request.Path.Value!.LastIndexOf('/') + 1)..];
            var seed = int.TryParse(taskId.AsSpan(taskId.IndexOf('-') + 1), out var number) ? number : 0;
            var (status, headers, body) = Answer(new Random(seed), taskId);
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }
            if (status is not (204 or 304))
            {
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body, context.RequestAborted);
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static (int Status, List<(string Name, string Value)> Headers, byte[] Body) Answer(Random random, string taskId)
    {
        var task = new JsonObject
        {
            ["id"] = taskId,
            ["status"] = Statuses[random.Next(Statuses.Length)],
            ["createdAt"] = "2024-06-27T19:49:32.335Z",
            ["progress"] = 0.4,
            ["output"] = new JsonArray("https://cdn.example/v.mp4"),
            ["failure"] = "The prompt was refused.",
            ["failureCode"] = "SAFETY.INPUT.TEXT",
            ["estimatedCost"] = new JsonObject { ["credits"] = 5 },
            ["cost"] = new JsonObject { ["credits"] = 5 },
        };
        foreach (var name in task.Select(field => field.Key).ToList())
        {
            var chance = random.NextDouble();
            if (chance < 0.15)
            {
                task.Remove(name);
            }
            else if (chance < 0.45)
            {
                task[name] = Misfit(random);
            }
        }
        for (var extra = random.Next(3); extra > 0; extra--)
        {
            task[ExtraNames[random.Next(ExtraNames.Length)]] = Misfit(random);
        }

        JsonNode? answer = random.Next(12) switch
        {
            0 => new JsonObject { ["code"] = 0, ["message"] = "ok", ["data"] = task },
            1 => new JsonObject { ["code"] = "success", ["data"] = new JsonObject { ["task_id"] = taskId, ["status"] = "IN_PROGRESS", ["data"] = task } },
            2 => Misfit(random),
            _ => task,
        };
        var text = (answer?.ToJsonString() ?? "null")
            .Replace($"\"{HalfPair}\"", "\"cut \\ud83d\"", StringComparison.Ordinal)
            .Replace($"\"{BeyondDouble}\"", "1e400", StringComparison.Ordinal);
        text = random.Next(12) switch
        {
            0 => text[..random.Next(text.Length + 1)],
            1 => "\uFEFF" + text,
            2 => text + " and then some",
            _ => text,
        };

        var status = random.Next(4) > 0 ? 200 : OtherStatusCodes[random.Next(OtherStatusCodes.Length)];
        var headers = new List<(string, string)> { ("Content-Type", ContentTypes[random.Next(ContentTypes.Length)]) };
        if (status is 429 or 503)
        {
            headers.Add(("Retry-After", RetryAfters[random.Next(RetryAfters.Length)]));
        }
        if (status is 301 or 302)
        {
            headers.Add(("Location", Locations[random.Next(Locations.Length)]));
        }
        return (status, headers, Encoding.UTF8.GetBytes(text));
    }

    private static JsonNode? Misfit(Random random) => random.Next(16) switch
    {
        0 => null,
        1 => true,
        2 => -1,
        3 => 1.5,
        4 => 1e308,
        5 => -1e-30,
        6 => "",
        7 => new string('x', 3_000),
        8 => "ARCHIVED",
        9 => HalfPair,
        10 => BeyondDouble,
        11 => new JsonArray(1, "a", null),
        12 => new JsonObject { [""] = 1, ["big"] = 1e308, ["cut"] = HalfPair },
        13 => Nested(random.Next(2) == 0 ? 10 : 70),
        14 => new JsonArray([.. Enumerable.Range(0, 5).Select(i => JsonValue.Create($"https://cdn.example/{i}.mp4"))]),
        _ => "2024-13-45T99:99:99Z",
    };

    private static JsonNode Nested(int depth)
    {
        JsonNode node = 1;
        for (var level = 0; level < depth; level++)
        {
            node = new JsonArray(node);
        }
        return node;
    }
}
