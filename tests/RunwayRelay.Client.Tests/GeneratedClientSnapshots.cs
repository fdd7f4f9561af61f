using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using PublicApiGenerator;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client.Tests;

/// <summary>
/// Snapshots that show a reviewer, in small text diffs, what a regenerated client changes for the people who
/// import it: its public API, the requests it builds, and what it makes of every recorded answer.
/// </summary>
public sealed class GeneratedClientSnapshots
{
    private const string TaskId = "2f19d8a7-3b74-4fc4-af42-d0bcadbaec54";

    [Fact]
    public void Public_api()
    {
        var api = typeof(RunwayRelayClient).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // Build metadata (versions, commit) changes every release without changing the API.
            ExcludeAttributes = ["System.Reflection.AssemblyMetadataAttribute", "System.Runtime.Versioning.TargetFrameworkAttribute"],
        });

        Snapshot.Verify(api);
    }

    [Fact]
    public void Request_built_for_get_video_task()
    {
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = new Uri("https://relay.example.com/"), ApiKey = "never-in-a-snapshot" });

        var request = client.Runwayml.V1.Tasks[TaskId].ToGetRequestInformation();

        var text = new StringBuilder();
        text.AppendLine($"method: {request.HttpMethod}");
        text.AppendLine($"url template: {request.UrlTemplate}");
        text.AppendLine($"url: {request.URI}");
        text.AppendLine($"body: {(request.Content is null || request.Content.Length == 0 ? "none" : $"{request.Content.Length} bytes")}");
        text.AppendLine("headers (before the HTTP pipeline adds Authorization, X-Runway-Version and User-Agent):");
        foreach (var (name, values) in request.Headers.Select(h => (h.Key, h.Value)).ToList().OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"  {name}: {string.Join(", ", values)}");
        }
        Snapshot.Verify(text.ToString());
    }

    private static List<(string Name, int Status, string Body)> RecordedAnswers()
    {
        var data = new List<(string Name, int Status, string Body)>();
        foreach (var (name, body) in OpenApiExamples.TaskBodies.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            data.Add(($"example {name}", 200, body));
        }
        data.Add(("unknown status value", 200, $$"""{"id":"{{TaskId}}","status":"ARCHIVED","createdAt":"2024-06-27T19:49:32.335Z"}"""));
        data.Add(("extra fields", 200, $$$"""{"id":"{{{TaskId}}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.1,"relayQueue":"eu-1","meta":{"seed":7,"tags":["a"]}}"""));
        data.Add(("400 with issues", 400, """{"error":"Validation of path parameters failed","issues":[{"code":"invalid_string","path":["id"],"message":"Invalid uuid"}]}"""));
        data.Add(("401 gateway object", 401, """{"error":{"message":"Invalid token","type":"new_api_error","code":"invalid_token"}}"""));
        data.Add(("403", 403, """{"error":"Forbidden"}"""));
        data.Add(("404", 404, """{"error":"Task not found"}"""));
        data.Add(("429", 429, """{"error":"You have exceeded the rate limit."}"""));
        data.Add(("503", 503, """{"error":"Service temporarily unavailable"}"""));
        data.Add(("500 without a message", 500, """{}"""));
        // CometAPI's documented answer for a fresh task (apidoc.cometapi.com, "Get a Runway task"): its own record, the
        // Runway task under data.data, createdAt with a +08:00 offset.
        data.Add(("CometAPI envelope, task queued", 200, $$$$"""{"code":"success","message":"","data":{"task_id":"{{{{TaskId}}}}","action":"IMAGE_TO_VIDEO","status":"QUEUED","fail_reason":"","submit_time":1773366766,"start_time":0,"finish_time":0,"progress":"0%","data":{"id":"{{{{TaskId}}}}","status":"PENDING","createdAt":"2026-03-13T09:52:46+08:00"}}}"""));
        // A gateway built on new-api: its own {code, message, data} instead of Runway's error field.
        data.Add(("400 from a new-api gateway: a task it does not know", 400, """{"code":"task_not_exist","message":"task_not_exist","data":null}"""));
        data.Add(("500 from a new-api gateway", 500, """{"code":"get_task_failed","message":"database is locked","data":null}"""));
        // Its error object (QuantumNous/new-api, dto/error.go) sent with a 200, as some gateways send every answer.
        data.Add(("200 with only a new-api gateway's error object", 200, """{"error":{"message":"task_not_exist","type":"new_api_error","code":"task_not_exist"}}"""));
        // Bodies relays really send that do not fit Runway's schema: each field is kept, never thrown at.
        data.Add(("fractional cost", 200, $$$"""{"id":"{{{TaskId}}}","status":"SUCCEEDED","createdAt":"2024-06-27T19:49:32.335Z","output":["https://example.invalid/v.mp4"],"cost":{"credits":12.5}}"""));
        data.Add(("createdAt as epoch milliseconds", 200, $$"""{"id":"{{TaskId}}","status":"PENDING","createdAt":1719517772335}"""));
        data.Add(("createdAt without a zone", 200, $$"""{"id":"{{TaskId}}","status":"PENDING","createdAt":"2024-06-27T19:49:32"}"""));
        data.Add(("createdAt garbage", 200, $$"""{"id":"{{TaskId}}","status":"PENDING","createdAt":"yesterday"}"""));
        data.Add(("progress as a percentage", 200, $$"""{"id":"{{TaskId}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":42}"""));
        data.Add(("progress as text", 200, $$"""{"id":"{{TaskId}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":"42%"}"""));
        data.Add(("output as one string", 200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","createdAt":"2024-06-27T19:49:32.335Z","output":"https://example.invalid/v.mp4"}"""));
        data.Add(("numeric id", 200, """{"id":123,"status":"PENDING","createdAt":"2024-06-27T19:49:32.335Z"}"""));
        data.Add(("numeric status", 200, $$"""{"id":"{{TaskId}}","status":3,"createdAt":"2024-06-27T19:49:32.335Z"}"""));
        return data;
    }

    [Fact]
    public async Task Message_of_each_typed_error()
    {
        await using var relay = await ScriptedRelay.StartAsync();
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = relay.BaseUrl, ApiKey = "sk-never-in-a-snapshot", MaxRetries = 0 });
        var text = new StringBuilder();
        foreach (var (status, body, headers) in new (int, string, (string, string)[])[]
        {
            (400, """{"error":"Validation failed","issues":[{"code":"invalid_string","path":["id"],"message":"Invalid uuid"}]}""", []),
            (401, """{"error":{"message":"Invalid token sk-never-in-a-snapshot","type":"new_api_error","code":"invalid_token"}}""", []),
            (403, """{"error":"Forbidden"}""", []),
            (404, """{"error":"Task not found"}""", []),
            (404, """{}""", []),
            (429, """{"error":"You have exceeded the rate limit."}""", [("Retry-After", "30")]),
            (503, """{"error":{"message":"upstream busy"}}""", [("Retry-After", "5")]),
        })
        {
            relay.ThenJson(status, body, headers);
            var error = await Assert.ThrowsAnyAsync<ApiException>(() => client.GetTaskAsync(TaskId, TestContext.Current.CancellationToken));
            text.AppendLine($"{status} {body}");
            text.AppendLine($"  {error.GetType().Name}: {error.Message}");
        }
        relay.Then(async context =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
        });
        var html = await Assert.ThrowsAnyAsync<ApiException>(() => client.GetTaskAsync(TaskId, TestContext.Current.CancellationToken));
        text.AppendLine("502 <html>…</html> (text/html)");
        text.AppendLine($"  {html.GetType().Name}: {html.Message}");
        Snapshot.Verify(text.ToString());
    }

    [Fact]
    public async Task What_the_client_makes_of_each_recorded_answer()
    {
        await using var relay = await ScriptedRelay.StartAsync();
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = relay.BaseUrl, ApiKey = "never-in-a-snapshot", MaxRetries = 0 });
        var text = new StringBuilder();
        foreach (var (name, status, body) in RecordedAnswers())
        {
            relay.ThenJson(status, body);
            text.AppendLine($"## {name} (HTTP {status})");
            try
            {
                var task = await client.GetTaskAsync(TaskId, TestContext.Current.CancellationToken);
                text.AppendLine($"{nameof(RunwayTask)}, StatusText() = {task.StatusText()}, IsTerminal() = {task.IsTerminal()}");
                text.AppendLine(Render(task));
            }
            catch (ApiException error) when (error is IParsable parsed)
            {
                text.AppendLine($"throws {error.GetType().Name}, ResponseStatusCode = {error.ResponseStatusCode}");
                text.AppendLine($"Message: {error.Message}");
                text.AppendLine(Render(parsed));
            }
            catch (RelayErrorAnswerException error)
            {
                text.AppendLine($"throws {error.GetType().Name}, ResponseStatusCode = {error.ResponseStatusCode}, Code = {error.Code}");
                text.AppendLine($"Message: {error.Message}");
            }
            catch (UnexpectedTaskShapeException error)
            {
                text.AppendLine($"throws {error.GetType().Name}");
                text.AppendLine($"Message: {error.Message}");
            }
            text.AppendLine();
        }
        Snapshot.Verify(text.ToString());
    }

    /// <summary>The parsed model written back as indented JSON: every property the model holds, additional data included.</summary>
    private static string Render(IParsable model)
    {
        using var writer = new JsonSerializationWriter();
        writer.WriteObjectValue(null, model);
        using var stream = writer.GetSerializedContent();
        var node = JsonNode.Parse(stream)!;
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
