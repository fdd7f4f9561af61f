using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RunwayRelay.ScaleOut;

/// <summary>
/// A client of the tasks extension (2026-07-28) behind the balancer: asks <c>wait_for_video_task</c> for a task, then
/// polls <c>tasks/get</c> at the <c>pollIntervalMs</c> the server gives, as a host does. A poll that meets a dying
/// instance fails; the next poll goes through the balancer to a live one, since the task lives at the relay.
/// </summary>
internal static class TaskFollower
{
    private const string Revision = "2026-07-28";

    /// <summary>Follows <paramref name="taskId"/> to its result within <paramref name="patience"/>; counts the polls
    /// that failed on the way.</summary>
    public static async Task FollowAsync(HttpClient http, Uri endpoint, string key, string taskId, CallOutcomes outcomes, Action pollFailed, TimeSpan patience)
    {
        outcomes.Sending();
        using var deadline = new CancellationTokenSource(patience);
        try
        {
            var created = await AskUntilAnsweredAsync(http, endpoint, key, "tools/call", "wait_for_video_task",
                new JsonObject { ["name"] = "wait_for_video_task", ["arguments"] = new JsonObject { ["task_id"] = taskId } }, pollFailed, deadline.Token);
            if (created["taskId"]?.GetValue<string>() is not { } handle)
            {
                Record(created, outcomes);
                return;
            }
            var answer = created;
            while (answer["status"]?.GetValue<string>() == "working")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(answer["pollIntervalMs"]?.GetValue<long>() ?? 5000), deadline.Token);
                answer = await AskUntilAnsweredAsync(http, endpoint, key, "tasks/get", handle, new JsonObject { ["taskId"] = handle }, pollFailed, deadline.Token);
            }
            Record(answer["status"]?.GetValue<string>() == "completed" ? answer["result"] as JsonObject ?? [] : answer, outcomes);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            outcomes.Hang();
        }
        catch (InvalidOperationException refused)
        {
            outcomes.Failure(refused.Message);
        }
    }

    private static void Record(JsonObject toolResult, CallOutcomes outcomes)
    {
        if (toolResult["isError"]?.GetValue<bool>() != true && toolResult["structuredContent"]?["status"]?.GetValue<string>() == "SUCCEEDED")
        {
            outcomes.Success();
        }
        else
        {
            outcomes.Failure(toolResult["content"]?[0]?["text"]?.GetValue<string>() ?? toolResult.ToJsonString());
        }
    }

    // A request that meets a stopped or killed instance is asked again after a second, as a host retries a poll.
    private static async Task<JsonObject> AskUntilAnsweredAsync(HttpClient http, Uri endpoint, string key, string method, string name, JsonObject parameters, Action failed, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await AskAsync(http, endpoint, key, method, name, parameters, cancellationToken);
            }
            catch (Exception failure) when (failure is HttpRequestException or InvalidDataException)
            {
                failed();
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static async Task<JsonObject> AskAsync(HttpClient http, Uri endpoint, string key, string method, string name, JsonObject parameters, CancellationToken cancellationToken)
    {
        var body = (JsonObject)parameters.DeepClone();
        body["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Revision,
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "scale-out-tasks", ["version"] = "1.0" },
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject { ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject() } },
        };
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = body };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("MCP-Protocol-Version", Revision);
        request.Headers.Add("Mcp-Method", method);
        request.Headers.Add("Mcp-Name", name);
        request.Headers.Add("X-Relay-Key", key);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The balancer's 502/503 while an instance goes away: no answer from the server, so asked again.
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} from the balancer", null, response.StatusCode);
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').FirstOrDefault(line => line.StartsWith("data: ", StringComparison.Ordinal))?["data: ".Length..]
            : text;
        var answer = JsonNode.Parse(json ?? throw new InvalidDataException("an event stream without data"));
        if (answer?["error"] is { } error)
        {
            // The server answered, and refused: asking again would not help.
            throw new InvalidOperationException($"{method} refused: {error.ToJsonString()}");
        }
        return answer?["result"] as JsonObject ?? throw new InvalidDataException($"no result: {text[..Math.Min(text.Length, 200)]}");
    }
}
