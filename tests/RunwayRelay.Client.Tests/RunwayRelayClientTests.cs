using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client.Generated.Models;
using TaskStatus = RunwayRelay.Client.Generated.Models.TaskStatus;

namespace RunwayRelay.Client.Tests;

/// <summary>The client against a real HTTP listener on 127.0.0.1: what it sends, and what it makes of each answer.</summary>
public sealed class RunwayRelayClientTests : IAsyncLifetime
{
    private const string Key = "sk-test-NEVER-PRINT-0123456789";
    private const string TaskId = "2f19d8a7-3b74-4fc4-af42-d0bcadbaec54";
    private ScriptedRelay relay = null!;

    public async ValueTask InitializeAsync() => relay = await ScriptedRelay.StartAsync();

    public async ValueTask DisposeAsync() => await relay.DisposeAsync();

    private RunwayRelayClient Client(int maxRetries = 0, CountingHandler? network = null) =>
        RunwayRelayClient.Create(new RelayOptions { BaseUrl = relay.BaseUrl, ApiKey = Key, MaxRetries = maxRetries, MaxResponseBytes = 64 * 1024 }, network);

    // A network end that fails request number <paramref name="request"/> as the network would (with the socket's own
    // error beneath, as SocketsHttpHandler reports a failed connect), and counts them all.
    private static CountingHandler FailingRequest(int request, HttpRequestError error, SocketError? socket = null) =>
        new() { FaultFor = n => n == request ? new HttpRequestException(error, "as the network fails", socket is { } code ? new SocketException((int)code) : null) : null };

    [Fact]
    public async Task Sends_a_bodyless_get_with_key_version_and_user_agent()
    {
        relay.ThenJson(200, OpenApiExamples.TaskBodies["pending"]);

        await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        var request = Assert.Single(relay.Received);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/runwayml/v1/tasks/{TaskId}", request.PathAndQuery);
        Assert.Equal(0, request.BodyLength);
        Assert.Equal($"Bearer {Key}", request.Headers["Authorization"]);
        Assert.Equal("2024-11-06", request.Headers["X-Runway-Version"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Contains($"{ProductInfo.Name}/{ProductInfo.Version}", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Content-Type"));
    }

    [Theory]
    [InlineData("2099-01-01", "2099-01-01")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public async Task The_runway_version_header_is_the_configured_one_and_none_when_empty(string? configured, string? sent)
    {
        relay.ThenJson(200, OpenApiExamples.TaskBodies["pending"]);
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = relay.BaseUrl, ApiKey = Key, MaxRetries = 0, RunwayVersion = configured });

        await client.GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(sent, Assert.Single(relay.Received).Headers.GetValueOrDefault("X-Runway-Version"));
    }

    [Fact]
    public async Task A_key_given_for_one_call_replaces_the_configured_key()
    {
        relay.ThenJson(200, OpenApiExamples.TaskBodies["pending"]);

        await Client().GetTaskAsync(TaskId, apiKey: "caller-key", TestContext.Current.CancellationToken);

        Assert.Equal("Bearer caller-key", Assert.Single(relay.Received).Headers["Authorization"]);
    }

    // Relays document the whole header, "Authorization: Bearer sk-…", which is easily copied as the key.
    [Theory]
    [InlineData("Bearer sk-live-4242", "without \"Bearer \" in front")]
    [InlineData("bearer sk-live-4242", "without \"Bearer \" in front")]
    [InlineData("sk-live-4242 ", "must not be empty or contain spaces or control characters.")]
    [InlineData("sk-live-4242\r\nX-Injected: 1", "must not be empty or contain spaces or control characters.")]
    [InlineData("sk-live-4242\n", "must not be empty or contain spaces or control characters: it ends with a line break")]
    [InlineData("", "must not be empty or contain spaces or control characters.")]
    // References a host or a shell was meant to expand, passed on as written.
    [InlineData("${input:relay-key-4242}", "passed as written: this host does not expand it there. Put the key itself there, or a reference this host documents.")]
    [InlineData("${env:RELAY_KEY_4242}", "passed as written")]
    [InlineData("${RELAY_KEY_4242}", "passed as written")]
    [InlineData("$RELAY_KEY_4242", "passed as written")]
    [InlineData("%RELAY_KEY_4242%", "passed as written")]
    public async Task Refuses_a_key_for_one_call_that_is_not_the_key_alone_before_sending(string key, string said)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().GetTaskAsync(TaskId, apiKey: key, TestContext.Current.CancellationToken));

        Assert.Equal("apiKey", error.ParamName);
        Assert.StartsWith("The relay key given for this call ", error.Message, StringComparison.Ordinal);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4242", error.Message, StringComparison.Ordinal);
        Assert.Empty(relay.Received);
    }

    [Theory]
    // A key is an opaque token: one that only starts or ends like a reference, or holds characters no variable name
    // does, is sent as it is.
    [InlineData("${sk-live-4242")]
    [InlineData("sk-live-4242}")]
    [InlineData("$sk-live-4242")]
    [InlineData("%sk-live-4242%")]
    [InlineData("%%")]
    public async Task Sends_a_key_that_only_looks_like_a_reference(string key)
    {
        relay.ThenJson(200, OpenApiExamples.TaskBodies["pending"]);

        await Client().GetTaskAsync(TaskId, apiKey: key, TestContext.Current.CancellationToken);

        Assert.Equal($"Bearer {key}", Assert.Single(relay.Received).Headers["Authorization"]);
    }

    [Fact]
    public void A_client_whose_options_cannot_work_is_refused_with_every_problem_named()
    {
        var options = new RelayOptions { BaseUrl = null, MaxRetries = -1 };
        using var http = new HttpClient();

        var created = Assert.Throws<ArgumentException>(() => RunwayRelayClient.Create(options));
        var constructed = Assert.Throws<ArgumentException>(() => new RunwayRelayClient(http, options));

        Assert.All([created, constructed], error =>
        {
            Assert.Equal("options", error.ParamName);
            Assert.Contains("Relay:BaseUrl is required", error.Message, StringComparison.Ordinal);
            Assert.Contains("Relay:MaxRetries must be between 0 and 10.", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_request_built_for_another_host_gets_no_key()
    {
        await using var elsewhere = await ScriptedRelay.StartAsync();
        elsewhere.ThenJson(200, OpenApiExamples.TaskBodies["pending"]);
        // Same machine, other host name: 127.0.0.1 and localhost are different hosts to the client.
        var other = new UriBuilder(elsewhere.BaseUrl) { Host = "localhost", Path = $"/runwayml/v1/tasks/{TaskId}" }.Uri;

        await Client().Runwayml.V1.Tasks[TaskId].WithUrl(other.AbsoluteUri).GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(Assert.Single(elsewhere.Received).Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData("pending", TaskStatus.PENDING)]
    [InlineData("throttled", TaskStatus.THROTTLED)]
    [InlineData("running", TaskStatus.RUNNING)]
    [InlineData("succeeded", TaskStatus.SUCCEEDED)]
    [InlineData("failed", TaskStatus.FAILED)]
    [InlineData("cancelled", TaskStatus.CANCELLED)]
    public async Task Parses_every_status_example_of_the_document(string example, TaskStatus expected)
    {
        relay.ThenJson(200, OpenApiExamples.TaskBodies[example]);

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(expected, task.Status);
        Assert.Equal(expected.ToString(), task.StatusText());
        Assert.Equal(TaskId, task.Id);
        Assert.Equal(new DateTimeOffset(2024, 6, 27, 19, 49, 32, 335, TimeSpan.Zero), task.CreatedAt);
        Assert.Empty(task.AdditionalData);
        Assert.Equal(expected is TaskStatus.SUCCEEDED or TaskStatus.FAILED or TaskStatus.CANCELLED, task.IsTerminal());
        switch (expected)
        {
            case TaskStatus.RUNNING:
                Assert.Equal(0.42, task.Progress);
                break;
            case TaskStatus.SUCCEEDED:
                Assert.StartsWith("https://", Assert.Single(task.Output!), StringComparison.Ordinal);
                Assert.Equal(50, task.Cost!.Credits);
                break;
            case TaskStatus.FAILED:
                Assert.Equal("SAFETY.INPUT.TEXT", task.FailureCode);
                Assert.False(string.IsNullOrEmpty(task.Failure));
                Assert.Equal(0, task.Cost!.Credits);
                break;
            case TaskStatus.THROTTLED:
                Assert.Equal(50, task.EstimatedCost!.Credits);
                break;
        }
    }

    [Theory]
    [InlineData("ARCHIVED")]
    // Forms .NET's Enum.TryParse, under Kiota's own read, takes for a member: a relay's numeric status code (3 is
    // SUCCEEDED's place, 7 no member's), another case, spaces around it, a list of members.
    [InlineData("3")]
    [InlineData("7")]
    [InlineData("succeeded")]
    [InlineData(" SUCCEEDED")]
    [InlineData("PENDING,RUNNING")]
    public async Task Keeps_a_status_value_it_does_not_know(string sent)
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"{{sent}}","createdAt":"2024-06-27T19:49:32.335Z"}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Null(task.Status);
        Assert.Equal(sent, task.StatusText());
        Assert.False(task.IsTerminal());
    }

    [Fact]
    public async Task Keeps_fields_it_does_not_know()
    {
        relay.ThenJson(200, $$$"""{"id":"{{{TaskId}}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.5,"relayQueue":"eu-1","meta":{"seed":7}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal("eu-1", Assert.IsType<UntypedString>(task.AdditionalData["relayQueue"]).GetValue());
        var meta = Assert.IsType<UntypedObject>(task.AdditionalData["meta"]);
        Assert.Equal(7, Assert.IsType<UntypedInteger>(meta.GetValue()["seed"]).GetValue());
    }

    [Fact]
    public async Task A_fractional_cost_is_a_number_not_an_error()
    {
        relay.ThenJson(200, $$$"""{"id":"{{{TaskId}}}","status":"SUCCEEDED","createdAt":"2024-06-27T19:49:32.335Z","cost":{"credits":12.5}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(12.5, task.Cost!.Credits);
    }

    [Theory]
    [InlineData("1719517772335")]
    [InlineData("\"2024-06-27T19:49:32\"")]
    [InlineData("\"2024-06-27 19:49:32Z\"")]
    [InlineData("\"yesterday\"")]
    public async Task A_created_at_that_is_not_rfc_3339_is_kept_raw(string createdAt)
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"PENDING","createdAt":{{createdAt}}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Null(task.CreatedAt);
        Assert.Equal(createdAt, KiotaJson(task.AdditionalData["createdAt"]));
        Assert.Equal("PENDING", task.StatusText());
    }

    [Fact]
    public async Task A_value_of_the_wrong_kind_in_a_nested_object_is_kept_in_that_object()
    {
        relay.ThenJson(200, $$$"""{"id":"{{{TaskId}}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":"half","estimatedCost":{"credits":"fifty"}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Null(task.Progress);
        Assert.Equal("half", Assert.IsType<UntypedString>(task.AdditionalData["progress"]).GetValue());
        Assert.Null(task.EstimatedCost!.Credits);
        Assert.Equal("fifty", Assert.IsType<UntypedString>(task.EstimatedCost.AdditionalData["credits"]).GetValue());
    }

    [Theory]
    [InlineData("""["https://videos.example/a.mp4",null]""")]
    [InlineData("""["https://videos.example/a.mp4",7]""")]
    public async Task An_output_list_with_an_item_that_is_no_url_is_kept_whole_as_sent(string output)
    {
        relay.ThenJson(200, $$$"""{"id":"{{{TaskId}}}","status":"SUCCEEDED","createdAt":"2024-06-27T19:49:32.335Z","output":{{{output}}}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        // Never a list with a hole in it, nor the URLs alone: the list as sent, under its own name.
        Assert.Null(task.Output);
        Assert.Equal(output, KiotaJson(task.AdditionalData["output"]));
    }

    [Fact]
    public async Task A_numeric_id_is_refused_with_the_field_and_what_it_held()
    {
        relay.ThenJson(200, """{"id":123,"status":"PENDING","createdAt":"2024-06-27T19:49:32.335Z"}""");

        var error = await Assert.ThrowsAsync<UnexpectedTaskShapeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(["id"], error.MissingFields);
        Assert.Equal("the number 123", error.HeldInstead["id"]);
        Assert.Contains("id held the number 123 instead of a string", error.Message, StringComparison.Ordinal);
        Assert.Contains("id", error.FieldsReceived);
    }

    [Theory]
    [InlineData("""{"code":0,"message":"ok","data":{"id":"ID","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.5}}""",
        """{"code":0,"message":"ok"}""")]
    // The relay's own record of the task, beside the Runway object, is kept as well (CometAPI's shape).
    [InlineData("""{"code":"success","data":{"task_id":"ID","status":"IN_PROGRESS","fail_reason":"","data":{"id":"ID","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.5}}}""",
        """{"code":"success","data":{"task_id":"ID","status":"IN_PROGRESS","fail_reason":""}}""")]
    public async Task A_task_inside_a_relay_envelope_is_read_and_the_envelope_kept(string body, string envelope)
    {
        relay.ThenJson(200, body.Replace("ID", TaskId, StringComparison.Ordinal));

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.RUNNING, task.Status);
        Assert.Equal(0.5, task.Progress);
        Assert.Equal(envelope.Replace("ID", TaskId, StringComparison.Ordinal), KiotaJson(task.AdditionalData["relayEnvelope"]));
    }

    [Fact]
    public async Task A_task_the_relays_record_names_by_the_id_asked_for_takes_that_id_and_keeps_runways()
    {
        // Gateways built on new-api give callers task_… ids and keep Runway's: the record names the task by the caller's.
        const string relaysId = "task_Fq3kZ0aLr9TmWb2Xc7YdE4gH1jN6pQ8s";
        const string runwaysId = "7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35";
        relay.ThenJson(200, $$$$"""{"code":"success","message":"","data":{"task_id":"{{{{relaysId}}}}","status":"IN_PROGRESS","progress":"40%","fail_reason":"","data":{"id":"{{{{runwaysId}}}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.4}}}""");

        var task = await Client().GetTaskAsync(relaysId, TestContext.Current.CancellationToken);

        Assert.Equal(relaysId, task.Id);
        Assert.Equal(runwaysId, task.RunwayTaskId());
        Assert.Equal(TaskStatus.RUNNING, task.Status);
        Assert.Equal(0.4, task.Progress);
    }

    [Theory]
    // new-api's record before Runway's answer is in: the upstream's reply to the creation, or nothing, under data.
    [InlineData("NOT_START", "0%", "null", "PENDING", null, null)]
    [InlineData("SUBMITTED", "0%", """{"id":"7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35"}""", "PENDING", null, "7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35")]
    [InlineData("QUEUED", "", "{}", "PENDING", null, null)]
    [InlineData("IN_PROGRESS", "30%", """{"id":"7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35"}""", "RUNNING", 0.3, "7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35")]
    [InlineData("IN_PROGRESS", "lots", "null", "RUNNING", null, null)]
    // The percentage's ends are progress too; past them it is not.
    [InlineData("IN_PROGRESS", "0%", "null", "RUNNING", 0.0, null)]
    [InlineData("IN_PROGRESS", "100%", "null", "RUNNING", 1.0, null)]
    [InlineData("IN_PROGRESS", "101%", "null", "RUNNING", null, null)]
    public async Task The_relays_record_of_the_task_before_runways_answer_is_the_task_by_its_word(string relayStatus, string progress, string upstream, string status, double? expectedProgress, string? runwaysId)
    {
        const string relaysId = "task_Fq3kZ0aLr9TmWb2Xc7YdE4gH1jN6pQ8s";
        relay.ThenJson(200, $$$$"""{"code":"success","message":"","data":{"task_id":"{{{{relaysId}}}}","status":"{{{{relayStatus}}}}","progress":"{{{{progress}}}}","fail_reason":"","data":{{{{upstream}}}}}}""");

        var task = await Client().GetTaskAsync(relaysId, TestContext.Current.CancellationToken);

        Assert.Equal(relaysId, task.Id);
        Assert.Equal(status, task.StatusText());
        Assert.Equal(expectedProgress, task.Progress);
        Assert.Equal(runwaysId ?? relaysId, task.RunwayTaskId());
        Assert.Equal(relayStatus, ((UntypedString)task.AdditionalData["relayStatus"]).GetValue());
        Assert.Contains(relayStatus, KiotaJson(task.AdditionalData["relayEnvelope"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_goes_on_through_the_relays_record_until_runways_answer_ends_the_task()
    {
        const string relaysId = "task_Fq3kZ0aLr9TmWb2Xc7YdE4gH1jN6pQ8s";
        const string runwaysId = "7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35";
        relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{relaysId}}}}","status":"SUBMITTED","progress":"0%","data":{"id":"{{{{runwaysId}}}}"}}}""");
        relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{relaysId}}}}","status":"IN_PROGRESS","progress":"50%","data":{"id":"{{{{runwaysId}}}}","status":"RUNNING","progress":0.5}}}""");
        relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{relaysId}}}}","status":"SUCCESS","progress":"100%","data":{"id":"{{{{runwaysId}}}}","status":"SUCCEEDED","output":["https://videos.example/v.mp4"]}}}""");

        var result = await Client().WaitForCompletionAsync(relaysId, BackToBack, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal(["https://videos.example/v.mp4"], result.Task.Output);
        Assert.Equal(relaysId, result.Task.Id);
        Assert.Equal(3, result.Requests);
    }

    [Fact]
    public async Task The_relays_record_failed_before_runways_answer_is_a_failed_task_with_its_reason()
    {
        relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{TaskId}}}}","status":"FAILURE","progress":"100%","fail_reason":"upstream rejected the request","data":null}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.FAILED, task.Status);
        Assert.Equal("The relay marked the task failed before Runway's answer about it came through (upstream rejected the request).", task.Failure);
    }

    [Theory]
    // Not a record of the task asked for, or a status that says nothing new: still not a task.
    [InlineData("""{"code":"success","data":{"task_id":"task_someone_else","status":"SUBMITTED","data":null}}""")]
    [InlineData("""{"code":"success","data":{"task_id":"ASKED","status":"SUCCESS","data":null}}""")]
    [InlineData("""{"code":"success","data":{"task_id":"ASKED","status":"UNKNOWN","data":null}}""")]
    [InlineData("""{"code":0,"message":"SUCCEED","request_id":"r","data":{"task_id":"ASKED","task_status":"submitted"}}""")]
    public async Task A_record_not_of_the_task_or_without_a_usable_status_is_not_a_task(string body)
    {
        relay.ThenJson(200, body.Replace("ASKED", TaskId, StringComparison.Ordinal));

        await Assert.ThrowsAsync<UnexpectedTaskShapeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));
    }

    [Theory]
    // The record names another task, or none: Runway's id is all there is to go by, and it is another task's.
    [InlineData("""{"code":"success","data":{"task_id":"task_someone_else","status":"IN_PROGRESS","data":{"id":"RUNWAY","status":"RUNNING"}}}""")]
    [InlineData("""{"code":"success","data":{"status":"IN_PROGRESS","data":{"id":"RUNWAY","status":"RUNNING"}}}""")]
    [InlineData("""{"code":"success","task_id":"task_someone_else","data":{"id":"RUNWAY","status":"RUNNING"}}""")]
    public async Task A_task_in_an_envelope_whose_record_does_not_name_the_id_asked_for_is_another_task(string body)
    {
        relay.ThenJson(200, body.Replace("RUNWAY", "7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<TaskIdMismatchException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal("7c1e2a44-93b5-4f0e-8d6a-2b7f1c9e0a35", error.Received);
    }

    [Theory]
    // new-api's timeout sweep marks the relay's record FAILURE and leaves the Runway answer as it last was.
    [InlineData("RUNNING", "任务超时（1440分钟）", "(任务超时（1440分钟）); Runway's last answer through the relay was RUNNING.")]
    [InlineData("ARCHIVED", "", "(no reason given); Runway's last answer through the relay was ARCHIVED.")]
    [InlineData("", " ", "(no reason given); Runway's last answer through the relay had no status.")]
    public async Task A_task_the_relays_own_record_marks_failed_while_runways_answer_had_not_ended_is_failed(string runwayStatus, string reason, string said)
    {
        relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{TaskId}}}}","status":"FAILURE","fail_reason":"{{{{reason}}}}","data":{"id":"{{{{TaskId}}}}","status":"{{{{runwayStatus}}}}","progress":0.4}}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.FAILED, task.Status);
        Assert.True(task.IsTerminal());
        Assert.Equal("The relay stopped following the task and marked it failed " + said, task.Failure);
        Assert.Equal(0.4, task.Progress);
        Assert.Equal("FAILURE", ((UntypedObject)((UntypedObject)task.AdditionalData["relayEnvelope"]).GetValue()["data"]).GetValue()["status"] is UntypedString s ? s.GetValue() : null);
        // Runway's last status is in the failure's words, not left beside FAILED as a second status.
        Assert.False(task.AdditionalData.ContainsKey("status"));
        Assert.Equal("FAILED", task.StatusText());
    }

    [Theory]
    // Runway's own end stands; a record still running says nothing new.
    [InlineData("FAILURE", "FAILED")]
    [InlineData("FAILURE", "SUCCEEDED")]
    [InlineData("IN_PROGRESS", "RUNNING")]
    public async Task The_relays_own_record_leaves_a_runway_answer_alone_unless_the_relay_gave_up_on_a_task_not_ended(string record, string runwayStatus)
    {
        relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{TaskId}}}}","status":"{{{{record}}}}","fail_reason":"x","data":{"id":"{{{{TaskId}}}}","status":"{{{{runwayStatus}}}}","failure":"Runway's words"}}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(runwayStatus, task.StatusText());
        Assert.Equal("Runway's words", task.Failure);
    }

    [Fact]
    public async Task A_wait_ends_when_the_relay_gives_up_on_the_task()
    {
        relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{TaskId}}}}","status":"IN_PROGRESS","data":{"id":"{{{{TaskId}}}}","status":"RUNNING","progress":0.4}}}""");
        for (var i = 0; i < 3; i++)
        {
            relay.ThenJson(200, $$$$"""{"code":"success","data":{"task_id":"{{{{TaskId}}}}","status":"FAILURE","fail_reason":"timeout","data":{"id":"{{{{TaskId}}}}","status":"RUNNING","progress":0.4}}}""");
        }

        var result = await Client().WaitForCompletionAsync(TaskId, BackToBack, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.FAILED, result.Task.Status);
        Assert.False(result.TimedOut);
        Assert.Equal(2, result.Requests);
    }

    [Theory]
    [InlineData("""{"code":"task_not_exist","message":"task not exist"}""")]
    // The envelope a task comes in, its data empty: no task in it, only the relay's word.
    [InlineData("""{"code":"task_not_exist","message":"task not exist","data":null}""")]
    [InlineData("""{"code":"task_not_exist","message":"task not exist","data":{}}""")]
    [InlineData("""{"code":"task_not_exist","message":"task not exist","data":[]}""")]
    public async Task A_relay_envelope_with_only_its_own_error_is_that_error(string body)
    {
        relay.ThenJson(200, body);

        var error = await Assert.ThrowsAsync<RelayErrorAnswerException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal("task_not_exist", error.Code);
        Assert.Equal("task not exist", error.RelayMessage);
        Assert.Equal(1, error.TimesAnswered);
    }

    [Theory]
    [InlineData("""{"message":"task not exist"}""", null, "task not exist")]
    [InlineData("""{"code":"task_not_exist","data":null}""", "task_not_exist", null)]
    public async Task A_relay_envelope_with_only_a_code_or_only_a_message_is_that_error(string body, string? code, string? message)
    {
        relay.ThenJson(200, body);

        var error = await Assert.ThrowsAsync<RelayErrorAnswerException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal((code, message), (error.Code, error.RelayMessage));
    }

    [Theory]
    // A gateway built on new-api writes its errors so (QuantumNous/new-api, dto/error.go), some with a 200.
    [InlineData("""{"error":{"message":"task not exist","type":"new_api_error","code":"task_not_exist"}}""", "task_not_exist")]
    [InlineData("""{"error":{"message":"task not exist","type":"new_api_error","code":"task_not_exist"},"data":null}""", "task_not_exist")]
    // Runway's own error shape, passed on with a 200.
    [InlineData("""{"error":"task not exist"}""", null)]
    public async Task A_200_with_only_an_error_is_the_relays_own_error_with_its_words(string body, string? code)
    {
        relay.ThenJson(200, body);

        var error = await Assert.ThrowsAsync<RelayErrorAnswerException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(code, error.Code);
        Assert.Equal("task not exist", error.RelayMessage);
        Assert.Equal(200, error.ResponseStatusCode);
    }

    [Theory]
    // Nothing the relay said in words: still not a task, and said so.
    [InlineData("""{"error":{"type":"new_api_error"}}""")]
    [InlineData("""{"error":""}""")]
    [InlineData("""{"error":42}""")]
    public async Task A_200_with_an_error_that_says_nothing_is_not_a_task(string body)
    {
        relay.ThenJson(200, body);

        var error = await Assert.ThrowsAsync<UnexpectedTaskShapeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Contains("error", error.FieldsReceived);
    }

    [Theory]
    // As gateways built on new-api answer a task they do not know (QuantumNous/new-api, relay/relay_task.go).
    [InlineData("""{"code":"task_not_exist","message":"task_not_exist","data":null}""")]
    [InlineData("""{"code":"task_not_exist","message":"task_not_exist"}""")]
    public async Task A_400_with_only_the_relays_own_code_and_message_is_that_error_not_a_malformed_request(string body)
    {
        relay.ThenJson(400, body);

        var error = await Assert.ThrowsAsync<RelayErrorAnswerException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal("task_not_exist", error.Code);
        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Contains("(HTTP 400)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, typeof(ClientError))]
    [InlineData(429, typeof(RateLimitedError))]
    [InlineData(500, typeof(RelayUnavailableError))]
    public async Task An_error_status_with_the_relays_own_code_and_message_quotes_that_message(int status, Type expected)
    {
        relay.ThenJson(status, """{"code":"get_task_failed","message":"database is locked","data":null}""");

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(maxRetries: 0).GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.IsType(expected, error);
        Assert.EndsWith(": \"database is locked\"", error.Message, StringComparison.Ordinal);
    }

    // Polls back to back (an interval of zero is allowed only as it is for the sandbox), so the relay's script decides.
    private static readonly TaskWaitOptions BackToBack = new() { PollInterval = TimeSpan.Zero, Jitter = TimeSpan.Zero, AllowIntervalBelowMinimum = true, Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_wait_asks_again_while_the_relay_does_not_know_the_task_yet()
    {
        relay.ThenJson(200, """{"code":"task_not_exist","message":"task not exist"}""")
            .ThenJson(200, """{"code":"task_not_exist","message":"task not exist"}""")
            .ThenJson(200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","output":["https://cdn.example/v.mp4"]}""");

        var result = await Client().WaitForCompletionAsync(TaskId, BackToBack, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal(3, result.Requests);
    }

    [Fact]
    public async Task A_wait_asks_again_after_a_400_saying_the_relay_does_not_know_the_task_yet()
    {
        relay.ThenJson(400, """{"code":"task_not_exist","message":"task_not_exist","data":null}""")
            .ThenJson(200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","output":["https://cdn.example/v.mp4"]}""");
        var progress = new RecordedWaitProgress();

        var result = await Client().WaitForCompletionAsync(TaskId, BackToBack, progress, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal(2, result.Requests);
        Assert.StartsWith("the relay does not know the task yet", progress.Seen[0].BackingOff, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    public async Task A_wait_backs_off_on_a_passing_failure_of_the_relay_and_goes_on(int status)
    {
        relay.ThenJson(status, """{"error":"try later"}""")
            .ThenJson(200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","output":["https://cdn.example/v.mp4"]}""");

        var result = await Client().WaitForCompletionAsync(TaskId, BackToBack, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal(2, relay.Received.Count);
    }

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, null)]
    [InlineData(HttpRequestError.SecureConnectionError, null)]
    [InlineData(HttpRequestError.ConnectionError, SocketError.ConnectionRefused)]
    public async Task A_wait_stops_at_once_when_its_first_request_fails_on_the_base_url(HttpRequestError error, SocketError? socket)
    {
        var network = FailingRequest(1, error, socket);

        var stopped = await Assert.ThrowsAsync<HttpRequestException>(() => Client(network: network).WaitForCompletionAsync(TaskId, BackToBack, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(error, stopped.HttpRequestError);
        Assert.Equal(1, network.Sent);
    }

    [Theory]
    // The network between here and the relay, not the base URL: the next poll may get through.
    // The cause is said in the system's words where a socket failed ("Network is unreachable").
    [InlineData(HttpRequestError.ConnectionError, SocketError.NetworkUnreachable, null)]
    [InlineData(HttpRequestError.ConnectionError, SocketError.HostUnreachable, null)]
    [InlineData(HttpRequestError.ResponseEnded, null, "the connection closed before the answer ended")]
    public async Task A_wait_rides_out_a_network_failure_of_its_first_request_saying_what_failed(HttpRequestError error, SocketError? socket, string? cause)
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","output":["https://cdn.example/v.mp4"]}""");
        var network = FailingRequest(1, error, socket);
        var progress = new RecordedWaitProgress();

        var result = await Client(network: network).WaitForCompletionAsync(TaskId, BackToBack, progress, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal(2, network.Sent);
        Assert.Equal($"the relay is failing ({cause ?? new SocketException((int)socket!).Message}); asking again in 0 s", progress.Seen[0].BackingOff);
    }

    [Theory]
    // A task read, the relay's error status or its own "no such task yet": each shows the base URL works. The cause is
    // said as the network gave it.
    [InlineData("task", HttpRequestError.NameResolutionError, null, "its host name does not resolve")]
    [InlineData("task", HttpRequestError.SecureConnectionError, null, "the connection failed")]
    [InlineData("task", HttpRequestError.ConnectionError, SocketError.ConnectionRefused, null)]
    [InlineData("503", HttpRequestError.NameResolutionError, null, "its host name does not resolve")]
    [InlineData("not yet", HttpRequestError.NameResolutionError, null, "its host name does not resolve")]
    public async Task A_wait_rides_out_a_base_url_error_once_the_relay_has_answered(string firstAnswer, HttpRequestError error, SocketError? socket, string? cause)
    {
        _ = firstAnswer switch
        {
            "task" => relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"RUNNING","progress":0.5}"""),
            "503" => relay.ThenJson(503, """{"error":"busy"}""", ("Retry-After", "0")),
            _ => relay.ThenJson(200, """{"code":"task_not_exist","message":"task not exist"}"""),
        };
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","output":["https://cdn.example/v.mp4"]}""");
        var network = FailingRequest(2, error, socket);
        var progress = new RecordedWaitProgress();

        var result = await Client(network: network).WaitForCompletionAsync(TaskId, BackToBack, progress, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal(3, network.Sent);
        Assert.Equal($"the relay is failing ({cause ?? new SocketException((int)socket!).Message}); asking again in 0 s", progress.Seen[1].BackingOff);
    }

    [Fact]
    public async Task A_wait_with_options_that_would_poll_too_fast_is_refused_before_anything_is_sent()
    {
        var tooFast = new TaskWaitOptions { PollInterval = TimeSpan.FromSeconds(1), Jitter = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().WaitForCompletionAsync(TaskId, tooFast, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(nameof(TaskWaitOptions.PollInterval), error.ParamName);
        Assert.Empty(relay.Received);
    }

    [Fact]
    public async Task A_wait_reports_each_poll_the_last_with_the_task_that_ended()
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"RUNNING","progress":0.5}""")
            .ThenJson(200, $$"""{"id":"{{TaskId}}","status":"FAILED","failure":"Out of credits"}""");
        var progress = new RecordedWaitProgress();

        var result = await Client().WaitForCompletionAsync(TaskId, BackToBack, progress, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.FAILED, result.Task.Status);
        Assert.Equal([TaskStatus.RUNNING, TaskStatus.FAILED], progress.Seen.Select(seen => seen.Task?.Status));
        Assert.Equal([1, 2], progress.Seen.Select(seen => seen.Requests));
        Assert.All(progress.Seen, seen => Assert.Null(seen.BackingOff));
    }

    [Theory]
    // An attempt past Relay:Timeout, and HttpClient's own timeout on a client built around one that has it: the relay
    // was slow this once, the next poll may fare better.
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_wait_rides_out_a_request_that_ran_out_of_time(bool httpClientTimeout)
    {
        relay.Then(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted))
            .ThenJson(200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","output":["https://cdn.example/v.mp4"]}""");
        var options = new RelayOptions { BaseUrl = relay.BaseUrl, ApiKey = Key, MaxRetries = 0, Timeout = TimeSpan.FromSeconds(httpClientTimeout ? 30 : 1) };
        using var http = RelayHttpPipeline.CreateHttpClient(options);
        if (httpClientTimeout)
        {
            http.Timeout = TimeSpan.FromSeconds(1);
        }
        var progress = new RecordedWaitProgress();

        var result = await new RunwayRelayClient(http, options).WaitForCompletionAsync(TaskId, BackToBack, progress, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal(2, relay.Received.Count);
        Assert.Equal("the relay is failing (no answer in time); asking again in 0 s", progress.Seen[0].BackingOff);
    }

    [Theory]
    [InlineData("<html><body>Internal Server Error</body></html>")]
    [InlineData("")]
    public async Task A_wait_rides_out_a_500_whose_body_is_no_json_or_none(string body)
    {
        relay.Then(async context =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(body, context.RequestAborted);
        }).ThenJson(200, $$"""{"id":"{{TaskId}}","status":"SUCCEEDED","output":["https://cdn.example/v.mp4"]}""");
        var progress = new RecordedWaitProgress();

        var result = await Client().WaitForCompletionAsync(TaskId, BackToBack, progress, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, result.Task.Status);
        Assert.Equal("the relay is failing (HTTP 500); asking again in 0 s", progress.Seen[0].BackingOff);
    }

    [Fact]
    public async Task A_later_poll_gets_only_what_is_left_of_the_wait_however_long_the_relay_would_take()
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"RUNNING","progress":0.5}""")
            .Then(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        // The second poll starts 2 s into a 4-second wait, and the relay's own timeout is 30 s.
        var wait = BackToBack with { PollInterval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(4) };
        var clock = Stopwatch.StartNew();

        var result = await Client().WaitForCompletionAsync(TaskId, wait, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.Equal(TaskStatus.RUNNING, result.Task.Status);
        Assert.Equal(2, relay.Received.Count);
        // Had the second poll been given the whole 4 s again, the wait would have ended 2 s past its timeout. Slack
        // below that for a busy machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5.5), $"answered after {clock.Elapsed.TotalSeconds:F3} s");
    }

    [Fact]
    public async Task A_wait_that_times_out_after_failed_polls_says_how_many_why_and_how_old_its_task_is()
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"RUNNING","progress":0.5}""");
        relay.Fallback = async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "1";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"busy"}""", context.RequestAborted);
        };
        // Read at once, then 503 asking for a second each time, until the next poll would pass 1.5 s: once or twice,
        // as fast as this machine answers.
        var wait = BackToBack with { Timeout = TimeSpan.FromSeconds(1.5) };

        var result = await Client().WaitForCompletionAsync(TaskId, wait, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.Equal(TaskStatus.RUNNING, result.Task.Status);
        var stall = Assert.IsType<TaskWaitStall>(result.Stall);
        Assert.InRange(stall.FailedPolls, 1, 2);
        Assert.Equal(relay.Received.Count - 1, stall.FailedPolls);
        Assert.Equal("the relay is failing (HTTP 503)", stall.Reason);
        // The task was read a moment into the wait, so it is that much younger than the wait is long.
        Assert.InRange(stall.SinceLastRead, TimeSpan.FromTicks(1), result.Waited - TimeSpan.FromTicks(1));
    }

    [Fact]
    public async Task A_wait_gives_up_on_a_task_the_relay_never_knows_and_says_how_often_it_asked()
    {
        for (var i = 0; i < 4; i++)
        {
            relay.ThenJson(200, """{"code":"task_not_exist","message":"task not exist"}""");
        }

        var error = await Assert.ThrowsAsync<RelayErrorAnswerException>(() => Client().WaitForCompletionAsync(TaskId, BackToBack with { NotYetVisibleRetries = 2 }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(3, error.TimesAnswered);
        Assert.Equal(3, relay.Received.Count);
    }

    [Fact]
    public async Task A_wait_reports_the_relay_not_knowing_a_task_it_has_already_seen()
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"RUNNING","progress":0.5}""")
            .ThenJson(200, """{"code":"task_not_exist","message":"task not exist"}""");

        var error = await Assert.ThrowsAsync<RelayErrorAnswerException>(() => Client().WaitForCompletionAsync(TaskId, BackToBack, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("task_not_exist", error.Code);
        Assert.Equal(1, error.TimesAnswered);
        Assert.Equal(2, relay.Received.Count);
    }

    [Fact]
    public async Task A_wait_hands_back_the_task_it_last_saw_when_the_relay_stops_knowing_it()
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"RUNNING","progress":0.5}""")
            .ThenJson(404, """{"error":"Task not found"}""")
            .ThenJson(404, """{"error":"Task not found"}""");

        var gone = await Assert.ThrowsAsync<TaskNotFoundError>(() => Client().WaitForCompletionAsync(TaskId, BackToBack, cancellationToken: TestContext.Current.CancellationToken));
        var neverSeen = await Assert.ThrowsAsync<TaskNotFoundError>(() => Client().WaitForCompletionAsync(TaskId, BackToBack, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TaskStatus.RUNNING, gone.LastSeen?.Status);
        Assert.Equal(0.5, gone.LastSeen?.Progress);
        Assert.Null(neverSeen.LastSeen);
        Assert.Equal(3, relay.Received.Count);
    }

    [Fact]
    public async Task A_typed_error_says_what_happened_in_its_message()
    {
        relay.ThenJson(404, """{"error":"Task not found"}""");

        var error = await Assert.ThrowsAsync<TaskNotFoundError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal($"Task {TaskId} not found (404): \"Task not found\"", error.Message);
        Assert.Equal(404, error.ResponseStatusCode);
    }

    private static string KiotaJson(object value)
    {
        using var writer = new Microsoft.Kiota.Serialization.Json.JsonSerializationWriter();
        writer.WriteObjectValue(null, Assert.IsAssignableFrom<UntypedNode>(value));
        using var content = writer.GetSerializedContent();
        return new StreamReader(content).ReadToEnd();
    }

    public static TheoryData<int, Type> ErrorStatuses => new()
    {
        { 400, typeof(BadRequestError) },
        { 401, typeof(UnauthorizedError) },
        { 403, typeof(ClientError) },
        { 404, typeof(TaskNotFoundError) },
        { 405, typeof(ClientError) },
        { 429, typeof(RateLimitedError) },
        { 500, typeof(RelayUnavailableError) },
        { 502, typeof(RelayUnavailableError) },
        { 503, typeof(RelayUnavailableError) },
        { 504, typeof(RelayUnavailableError) },
    };

    [Theory]
    [MemberData(nameof(ErrorStatuses))]
    public async Task Each_error_status_raises_its_typed_error_with_the_message(int status, Type expected)
    {
        relay.ThenJson(status, """{"error":"what went wrong"}""");

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.ResponseStatusCode);
        Assert.Empty(((IAdditionalDataHolder)error).AdditionalData);
        Assert.Equal("what went wrong", Assert.IsType<UntypedString>(ErrorField(error)).GetValue());
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    // A relay that echoes the key in a long message, where the 300-character bound on quoted words would cut the key.
    [InlineData(290)]
    [InlineData(295)]
    [InlineData(299)]
    public async Task A_key_echoed_in_a_long_relay_message_leaves_no_part_of_it(int before)
    {
        relay.ThenJson(401, $$"""{"error":"{{new string('x', before)}}{{Key}} is not valid"}""");

        var error = await Assert.ThrowsAsync<UnauthorizedError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.DoesNotContain(Key[..4], error.Message, StringComparison.Ordinal);
        Assert.Contains("x[", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_message_with_line_breaks_and_control_characters_is_quoted_on_one_line()
    {
        // Quoted in a tool's error and a log line, where a line break would start a line the relay wrote.
        relay.ThenJson(401, """{"error":"bad\nkey\tgiven\u0007\r\nX-Forged: yes "}""");

        var error = await Assert.ThrowsAsync<UnauthorizedError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Contains("bad key given   X-Forged: yes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }

    [Fact]
    public async Task A_task_that_echoes_the_key_comes_back_without_it()
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"FAILED","failure":"key {{Key}} over quota","debug":{"auth":["Bearer {{Key}}"]},"output":["https://cdn.example/v.mp4?k={{Key}}{{Key}}"]}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal("key [redacted] over quota", task.Failure);
        Assert.Equal("https://cdn.example/v.mp4?k=[redacted][redacted]", Assert.Single(task.Output!));
        Assert.Equal("""{"auth":["Bearer [redacted]"]}""", KiotaJson(task.AdditionalData["debug"]));
    }

    [Fact]
    public async Task A_key_echoed_in_the_answers_headers_is_not_in_the_errors_headers()
    {
        relay.ThenJson(401, """{"error":"not valid"}""", ("X-Debug-Auth", $"Bearer {Key}"), ("WWW-Authenticate", $"Bearer error=\"invalid_token\", key=\"{Key}\""),
            ("X-Request-Id", "req-1"));

        var error = await Assert.ThrowsAsync<UnauthorizedError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        var headers = error.ResponseHeaders.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(headers, h => h.Value.Contains(Key, StringComparison.Ordinal));
        Assert.Equal("Bearer [redacted]", headers["X-Debug-Auth"]);
        Assert.Equal("Bearer error=\"invalid_token\", key=\"[redacted]\"", headers["WWW-Authenticate"]);
        Assert.Equal("req-1", headers["X-Request-Id"]);
    }

    [Fact]
    public async Task A_key_sent_for_one_call_is_taken_out_of_its_answer_too()
    {
        const string CallersKey = "sk-caller-ONE-CALL-ONLY-42";
        relay.ThenJson(401, $$"""{"error":"{{CallersKey}} is not valid"}""");

        var error = await Assert.ThrowsAsync<UnauthorizedError>(() => Client().GetTaskAsync(TaskId, CallersKey, TestContext.Current.CancellationToken));

        Assert.Equal("[redacted] is not valid", Assert.IsType<UntypedString>(error.Error).GetValue());
    }

    [Fact]
    public async Task A_key_that_opens_a_plain_text_error_body_is_taken_out_too()
    {
        relay.Then(async context =>
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"{Key} is not valid");
        });

        var error = await Assert.ThrowsAsync<UnauthorizedError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal("[redacted] is not valid", Assert.IsType<UntypedString>(error.Error).GetValue());
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_error_object_is_kept_whole()
    {
        relay.ThenJson(401, """{"error":{"message":"Invalid token","type":"new_api_error","code":"invalid_token"}}""");

        var error = await Assert.ThrowsAsync<UnauthorizedError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        var detail = Assert.IsType<UntypedObject>(error.Error).GetValue();
        Assert.Equal("Invalid token", Assert.IsType<UntypedString>(detail["message"]).GetValue());
        Assert.Equal("invalid_token", Assert.IsType<UntypedString>(detail["code"]).GetValue());
    }

    [Fact]
    public async Task A_bad_request_carries_its_validation_issues()
    {
        relay.ThenJson(400, """{"error":"Validation failed","issues":[{"code":"invalid_string","path":["id"],"message":"Invalid uuid"}]}""");

        var error = await Assert.ThrowsAsync<BadRequestError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        var issue = Assert.Single(error.Issues!);
        Assert.Equal("invalid_string", issue.Code);
        Assert.Equal("Invalid uuid", issue.Message);
    }

    [Fact]
    public async Task A_rate_limit_answer_carries_retry_after()
    {
        relay.ThenJson(429, """{"error":"slow down"}""", ("Retry-After", "30"));

        var error = await Assert.ThrowsAsync<RateLimitedError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(["30"], error.ResponseHeaders["Retry-After"]);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_then_succeeds()
    {
        relay.ThenJson(503, """{"error":"busy"}""", ("Retry-After", "0"))
            .ThenJson(200, OpenApiExamples.TaskBodies["running"]);

        var task = await Client(maxRetries: 2).GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.RUNNING, task.Status);
        Assert.Equal(2, relay.Received.Count);
    }

    [Fact]
    public async Task Retries_stop_at_the_limit_with_the_typed_error()
    {
        for (var i = 0; i < 3; i++)
        {
            relay.ThenJson(503, """{"error":"busy"}""", ("Retry-After", "0"));
        }

        await Assert.ThrowsAsync<RelayUnavailableError>(() => Client(maxRetries: 2).GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(3, relay.Received.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_dropped_before_the_whole_answer_arrived_is_retried_and_then_succeeds(bool midBody)
    {
        relay.Then(async context =>
        {
            if (midBody)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":\"", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
            context.Abort();
        }).ThenJson(200, OpenApiExamples.TaskBodies["running"]);

        var task = await Client(maxRetries: 2).GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.RUNNING, task.Status);
        Assert.Equal(2, relay.Received.Count);
    }

    [Fact]
    public async Task A_connection_that_keeps_dropping_ends_as_the_connection_error_after_the_retries()
    {
        relay.Fallback = context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Client(maxRetries: 2).GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.Equal(3, relay.Received.Count);
    }

    [Fact]
    public async Task A_failed_tls_handshake_is_a_setting_to_fix_and_is_not_retried()
    {
        // https against a listener that speaks plain HTTP, as a base URL with the wrong scheme does.
        var network = new CountingHandler();
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = new UriBuilder(relay.BaseUrl) { Scheme = "https" }.Uri, ApiKey = Key, MaxRetries = 2 }, network);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
        Assert.Equal(1, network.Sent);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_a_setting_to_fix_and_is_not_retried()
    {
        var network = FailingRequest(1, HttpRequestError.NameResolutionError);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Client(maxRetries: 2, network).GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(HttpRequestError.NameResolutionError, error.HttpRequestError);
        Assert.Equal(1, network.Sent);
    }

    [Fact]
    public async Task A_retry_after_up_to_the_allowed_delay_is_waited_out_before_the_retry()
    {
        // Exactly Relay:MaxRetryDelay still counts as allowed. Without the header the resilience handler's first back-off
        // is about a second, so a retry that came sooner than asked would show here.
        relay.ThenJson(503, """{"error":"busy"}""", ("Retry-After", "3"))
            .ThenJson(200, OpenApiExamples.TaskBodies["running"]);
        var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = relay.BaseUrl, ApiKey = Key, MaxRetries = 1, MaxRetryDelay = TimeSpan.FromSeconds(3) });

        var task = await client.GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.RUNNING, task.Status);
        var requests = relay.Received.ToArray();
        Assert.Equal(2, requests.Length);
        var waited = Stopwatch.GetElapsedTime(requests[0].ArrivedAt, requests[1].ArrivedAt);
        Assert.True(waited >= TimeSpan.FromSeconds(2.9), $"The retry came {waited.TotalSeconds:0.00} s after the 503 that asked for 3 s.");
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_is_returned_not_waited()
    {
        relay.ThenJson(429, """{"error":"slow down"}""", ("Retry-After", "120"));

        await Assert.ThrowsAsync<RateLimitedError>(() => Client(maxRetries: 2).GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Single(relay.Received);
    }

    [Theory]
    [InlineData("""{"code":0,"message":"ok","request_id":"r1","data":{"task_id":"t","task_status":"succeed","created_at":1719517772335}}""", "code, message, request_id, data")]
    [InlineData("""{"id":"x","prompt":"cat","state":"pending","queue_state":null,"created_at":"2024-06-27T19:49:32.335Z"}""", "id, prompt, state, queue_state, created_at")]
    [InlineData("""{}""", "none")]
    public async Task A_body_that_is_not_a_task_says_what_arrived(string body, string fields)
    {
        relay.ThenJson(200, body);

        var error = await Assert.ThrowsAsync<UnexpectedTaskShapeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Contains("status", error.MissingFields);
        Assert.Contains($"received fields: {fields}.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"id":"2f19d8a7-3b74-4fc4-af42-d0bcadbaec54","status":"RUNNING"}]""", "a JSON array")]
    [InlineData("\"RUNNING\"", "a JSON string")]
    [InlineData("42", "a JSON number")]
    [InlineData("null", "JSON null")]
    public async Task A_body_that_is_json_but_not_an_object_is_refused_saying_what_it_is(string body, string kind)
    {
        relay.ThenJson(200, body);

        var error = await Assert.ThrowsAsync<UnexpectedTaskShapeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(["id", "status"], error.MissingFields);
        Assert.Empty(error.FieldsReceived);
        Assert.Equal($"the body is {kind}, not an object", error.Problem);
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task A_task_is_read_whatever_content_type_the_relay_declares(string? contentType)
    {
        // Go's net/http labels an unlabelled JSON body text/plain; other gateways send none or a generic one.
        relay.Then(async context =>
        {
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }
            await context.Response.WriteAsync(OpenApiExamples.TaskBodies["running"], context.RequestAborted);
        });

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.RUNNING, task.Status);
    }

    [Fact]
    public async Task An_html_page_answered_with_200_is_reported_as_not_json()
    {
        relay.Then(async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Maintenance</body></html>", context.RequestAborted);
        });

        var error = await Assert.ThrowsAsync<ApiException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(200, error.ResponseStatusCode);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf_8_are_replaced_and_the_rest_of_the_task_is_read()
    {
        // A relay writing Latin-1 (0xE9 for "é") into a UTF-8 body, in a known field, an unknown one and a field name.
        var latin1 = System.Text.Encoding.Latin1.GetBytes($$"""{"id":"{{TaskId}}","status":"FAILED","failure":"refusé","note":"déjà","été":1}""");
        relay.Then(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(latin1, context.RequestAborted);
        });

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.FAILED, task.Status);
        Assert.Equal("refus\uFFFD", task.Failure);
        Assert.Equal("d\uFFFDj\uFFFD", Assert.IsType<UntypedString>(task.AdditionalData["note"]).GetValue());
        Assert.True(task.AdditionalData.ContainsKey("\uFFFDt\uFFFD"));
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_body_is_skipped()
    {
        relay.Then(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes("\uFEFF" + OpenApiExamples.TaskBodies["pending"]), context.RequestAborted);
        });

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.PENDING, task.Status);
    }

    [Fact]
    public async Task A_number_beyond_the_range_of_double_is_kept_raw_not_read_as_infinity()
    {
        relay.ThenJson(200, $$$"""{"id":"{{{TaskId}}}","status":"RUNNING","progress":1e400,"cost":{"credits":-1e400}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Null(task.Progress);
        Assert.Equal("1e400", Assert.IsType<UntypedString>(task.AdditionalData["progress"]).GetValue());
        Assert.Null(task.Cost!.Credits);
        Assert.Equal("-1e400", Assert.IsType<UntypedString>(task.Cost.AdditionalData["credits"]).GetValue());
    }

    [Fact]
    public async Task Half_a_surrogate_pair_is_replaced_and_the_rest_of_the_task_is_read()
    {
        // JavaScript's JSON.stringify writes text cut inside an emoji so: in a known field, an unknown one and a name.
        // A whole pair stays an emoji, and an escaped backslash before "ud83d" is text, not an escape.
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"FAILED","failure":"cut \ud83d","note":"\udc00 \ud83d\ude00 \\ud83d","\ud800":1}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.FAILED, task.Status);
        Assert.Equal("cut \uFFFD", task.Failure);
        Assert.Equal("\uFFFD \U0001F600 \\ud83d", Assert.IsType<UntypedString>(task.AdditionalData["note"]).GetValue());
        Assert.True(task.AdditionalData.ContainsKey("\uFFFD"));
    }

    [Fact]
    public async Task Half_a_surrogate_pair_right_after_another_escape_is_replaced_too()
    {
        relay.ThenJson(200, $$"""{"id":"{{TaskId}}","status":"FAILED","failure":"line\n\ud83d"}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal("line\n\uFFFD", task.Failure);
    }

    [Theory]
    // Cut off by a relay that stopped writing, at an escape or just after one.
    [InlineData(@"{""id"":""x"",""failure"":""cut \")]
    [InlineData(@"{""id"":""x"",""failure"":""cut \ud83d")]
    [InlineData(@"{""id"":""x"",""failure"":""cut \ud83d""")]
    public async Task A_body_cut_at_an_escape_is_reported_as_not_json(string body)
    {
        relay.ThenJson(200, body);

        var error = await Assert.ThrowsAsync<ApiException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(200, error.ResponseStatusCode);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task Numbers_no_float_holds_and_fields_named_empty_are_kept_inside_an_envelope()
    {
        relay.ThenJson(200, $$$$"""{"code":0,"data":{"id":"{{{{TaskId}}}}","status":"SUCCEEDED","":1,"meta":{"":2,"big":1e308,"tiny":1e-30,"many":12345678901234567890123456789012.5}}}""");

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.SUCCEEDED, task.Status);
        Assert.Equal(1, Assert.IsType<UntypedInteger>(task.AdditionalData[""]).GetValue());
        var meta = Assert.IsType<UntypedObject>(task.AdditionalData["meta"]).GetValue();
        Assert.Equal(2, Assert.IsType<UntypedInteger>(meta[""]).GetValue());
        Assert.Equal(1e308, Assert.IsType<UntypedDouble>(meta["big"]).GetValue());
        Assert.Equal(1e-30, Assert.IsType<UntypedDouble>(meta["tiny"]).GetValue());
        Assert.Equal(1.23456789012345678901234567890125e31, Assert.IsType<UntypedDouble>(meta["many"]).GetValue());
    }

    [Fact]
    public async Task A_body_without_a_status_names_its_fields_even_one_named_empty()
    {
        relay.ThenJson(200, $$$"""{"id":"{{{TaskId}}}","":1,"cost":{"credits":1,"":2}}""");

        var error = await Assert.ThrowsAsync<UnexpectedTaskShapeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(["status"], error.MissingFields);
        Assert.Equal(["", "cost", "id"], error.FieldsReceived.Order(StringComparer.Ordinal));
    }

    [Theory]
    // The limit is the largest body read (Client() sets 64 KiB): one byte more is refused, announced or not.
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_exactly_the_limit_is_read(bool announced)
    {
        const int Limit = 64 * 1024;
        var head = $$"""{"id":"{{TaskId}}","status":"RUNNING","note":""";
        var body = head + "\"" + new string('x', Limit - head.Length - 3) + "\"}";
        Assert.Equal(Limit, body.Length);
        relay.ThenJson(200, body, announced ? [("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))] : []);

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.RUNNING, task.Status);
        Assert.Equal(Limit - head.Length - 3, Assert.IsType<UntypedString>(task.AdditionalData["note"]).GetValue()!.Length);
    }

    [Fact]
    public async Task A_body_announced_over_the_limit_is_refused_unread_naming_its_length()
    {
        var body = "{\"id\":\"" + new string('x', 100 * 1024) + "\"}";
        relay.ThenJson(200, body, ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));

        var error = await Assert.ThrowsAsync<RelayResponseTooLargeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(body.Length, error.DeclaredBytes);
        Assert.Contains($"announced a {body.Length}-byte response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_without_a_declared_length_is_refused_once_it_passes_the_limit()
    {
        relay.Then(async context =>
        {
            // Written in chunks without Content-Length, as a relay streaming its answer would.
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\":\"", context.RequestAborted);
            for (var i = 0; i < 10; i++)
            {
                await context.Response.WriteAsync(new string('x', 16 * 1024), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
            await context.Response.WriteAsync("\"}", context.RequestAborted);
        });

        var error = await Assert.ThrowsAsync<RelayResponseTooLargeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Null(error.DeclaredBytes);
        Assert.Contains("Relay:MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed()
    {
        await using var elsewhere = await ScriptedRelay.StartAsync();
        elsewhere.ThenJson(200, OpenApiExamples.TaskBodies["pending"]);
        // Same machine, other host name: 127.0.0.1 and localhost are different hosts to the client.
        var target = new UriBuilder(elsewhere.BaseUrl) { Host = "localhost", Path = $"/runwayml/v1/tasks/{TaskId}" }.Uri;
        relay.Then(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = target.AbsoluteUri;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<RelayRedirectRefusedException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(target, error.Target);
        Assert.False(error.ToHttps);
        Assert.Empty(elsewhere.Received);
    }

    [Theory]
    // Only a 3xx redirects: a Location on any other answer (a 201's, say) is no reason to refuse it.
    [InlineData(200)]
    [InlineData(400)]
    public async Task A_location_to_another_host_on_an_answer_that_is_no_redirect_is_left_alone(int status)
    {
        relay.Then(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = "http://localhost:1/elsewhere";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(status == 200 ? OpenApiExamples.TaskBodies["pending"] : """{"error":"Invalid task id"}""", context.RequestAborted);
        });

        var answered = await Record.ExceptionAsync(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(status == 200 ? null : typeof(BadRequestError), answered?.GetType());
    }

    [Fact]
    public async Task A_redirect_from_http_to_https_on_the_same_host_says_to_use_https()
    {
        var target = new UriBuilder(relay.BaseUrl) { Scheme = "https", Port = 443, Path = $"/runwayml/v1/tasks/{TaskId}" }.Uri;
        relay.Then(context =>
        {
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = target.AbsoluteUri;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<RelayRedirectRefusedException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.True(error.ToHttps);
        Assert.StartsWith($"The relay redirects http to https ({target.GetLeftPart(UriPartial.Authority)}): use https in the relay's base URL", error.Message, StringComparison.Ordinal);
        Assert.Single(relay.Received);
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_is_followed_with_the_key()
    {
        relay.Then(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"/runwayml/v1/tasks/{TaskId}?moved=1";
            return Task.CompletedTask;
        }).ThenJson(200, OpenApiExamples.TaskBodies["pending"]);

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.PENDING, task.Status);
        Assert.All(relay.Received, r => Assert.Equal($"Bearer {Key}", r.Headers["Authorization"]));
        Assert.Equal(2, relay.Received.Count);
    }

    [Theory]
    [InlineData("ID?moved=1")]
    [InlineData("./ID?moved=1")]
    [InlineData("../tasks/ID?moved=1")]
    public async Task A_redirect_to_a_relative_location_is_followed_from_the_request_url(string location)
    {
        relay.Then(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = location.Replace("ID", TaskId, StringComparison.Ordinal);
            return Task.CompletedTask;
        }).ThenJson(200, OpenApiExamples.TaskBodies["pending"]);

        var task = await Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken);

        Assert.Equal(TaskStatus.PENDING, task.Status);
        Assert.Equal($"/runwayml/v1/tasks/{TaskId}?moved=1", relay.Received.Last().PathAndQuery);
    }

    [Fact]
    public async Task An_empty_200_is_no_task_and_says_what_is_missing()
    {
        relay.Then(context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<UnexpectedTaskShapeException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(["id", "status"], error.MissingFields);
        Assert.Empty(error.FieldsReceived);
    }

    [Fact]
    public async Task An_answer_about_another_task_is_refused()
    {
        relay.ThenJson(200, """{"id":"someone-else","status":"PENDING","createdAt":"2024-06-27T19:49:32.335Z"}""");

        var error = await Assert.ThrowsAsync<TaskIdMismatchException>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal("someone-else", error.Received);
        Assert.Equal(TaskId, error.AskedFor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"error":"upstream bu""")]
    [InlineData("[1,2,3]")]
    public async Task A_5xx_with_an_empty_truncated_or_odd_body_is_still_the_typed_error(string body)
    {
        relay.ThenJson(503, body);

        var error = await Assert.ThrowsAsync<RelayUnavailableError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(503, error.ResponseStatusCode);
        Assert.StartsWith("The relay or Runway failed (503)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_error_page_becomes_the_typed_error_with_a_short_excerpt()
    {
        relay.Then(async context =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><head><style>h1{color:red}</style></head><body><h1>502 Bad Gateway</h1>" + new string('x', 5000) + "</body></html>");
        });

        var error = await Assert.ThrowsAsync<RelayUnavailableError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        var said = RelayErrorMessages.RelaySaid(error.Error)!;
        Assert.StartsWith("502 Bad Gateway x", said, StringComparison.Ordinal);
        Assert.DoesNotContain("<", said, StringComparison.Ordinal);
        Assert.DoesNotContain("color", said, StringComparison.Ordinal);
        Assert.True(said.Length <= 201, said);
    }

    [Theory]
    // 400 is the first error status, and a page of exactly the bound is quoted whole.
    [InlineData(200, "")]
    [InlineData(201, "…")]
    public async Task A_400_that_is_no_json_is_a_bad_request_quoting_its_text_up_to_the_bound(int length, string end)
    {
        var page = "Bad Request " + new string('x', length - "Bad Request ".Length);
        relay.Then(async context =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(page);
        });

        var error = await Assert.ThrowsAsync<BadRequestError>(() => Client().GetTaskAsync(TaskId, TestContext.Current.CancellationToken));

        Assert.Equal(page[..200] + end, RelayErrorMessages.RelaySaid(error));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("?q")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("%2e%2e")]
    [InlineData("abc#frag")]
    [InlineData("-leading-dash")]
    [InlineData("abc\n")]
    [InlineData("abc\r\nX-Injected: 1")]
    public async Task Refuses_an_id_that_could_leave_the_path_before_sending(string taskId)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().GetTaskAsync(taskId, TestContext.Current.CancellationToken));

        Assert.Equal("taskId", error.ParamName);
        Assert.Empty(relay.Received);
    }

    [Fact]
    public async Task Refuses_a_ten_thousand_character_id_before_sending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().GetTaskAsync(new string('a', 10_000), TestContext.Current.CancellationToken));

        Assert.Contains("10000 characters", error.Message, StringComparison.Ordinal);
        Assert.Empty(relay.Received);
    }

    private static UntypedNode? ErrorField(ApiException error) => error switch
    {
        BadRequestError e => e.Error,
        UnauthorizedError e => e.Error,
        ClientError e => e.Error,
        TaskNotFoundError e => e.Error,
        RateLimitedError e => e.Error,
        RelayUnavailableError e => e.Error,
        _ => null,
    };
}
