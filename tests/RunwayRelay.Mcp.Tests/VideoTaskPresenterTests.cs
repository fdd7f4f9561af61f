using System.Globalization;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The tool result against the generated model. A field added to the OpenAPI document is read by the regenerated
/// client into a property of its own, out of <c>AdditionalData</c>: unless the presenter carries it, the tools would
/// drop a value they used to pass on under <c>extra</c>.
/// </summary>
public sealed class VideoTaskPresenterTests
{
    // Each field of Runway's task object with a value of its own (no real task has all of them at once).
    private const string EveryField = """
        {"id":"2f19d8a7-3b74-4fc4-af42-d0bcadbaec54","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.42,
         "output":["https://videos.example.com/task.mp4"],"failure":"The text prompt was flagged.","failureCode":"SAFETY.INPUT.TEXT",
         "estimatedCost":{"credits":50},"cost":{"credits":40}}
        """;

    [Fact]
    public void The_sample_holds_every_field_the_generated_models_read()
    {
        AssertSampleHolds(new RunwayTask(), Sample());
        AssertSampleHolds(new EstimatedCost(), Sample().GetProperty("estimatedCost"));
        AssertSampleHolds(new Cost(), Sample().GetProperty("cost"));
    }

    [Fact]
    public void Every_value_the_generated_model_reads_reaches_the_structured_content()
    {
        var task = new JsonParseNode(Sample()).GetObjectValue(RunwayTask.CreateFromDiscriminatorValue)!;

        var structured = VideoTaskPresenter.ToResult(VideoTaskPresenter.ToView(task, DateTimeOffset.UnixEpoch)).StructuredContent!.Value;

        var carried = Leaves(structured).ToList();
        foreach (var field in Sample().EnumerateObject())
        {
            foreach (var value in Leaves(field.Value))
            {
                Assert.True(carried.Any(c => JsonElement.DeepEquals(c, value)), $"{field.Name}: {value.GetRawText()} is not in the structured content: {structured}");
            }
        }
    }

    [Theory]
    // Runway's URLs carry _jwt, whose exp says when they stop working: 2026-09-25T03:39:20Z here.
    [InlineData("2026-09-24T03:39:20Z", "expire at 2026-09-25T03:39:20.000Z, about 24 hours from now: download what you need to keep", "2026-09-25T03:39:20.000Z")]
    [InlineData("2026-09-25T03:30:00Z", "expire at 2026-09-25T03:39:20.000Z, 9 minutes from now", "2026-09-25T03:39:20.000Z")]
    // From an hour and a half, hours; from a minute and a half, minutes; at the very time, gone.
    [InlineData("2026-09-25T02:09:20Z", "expire at 2026-09-25T03:39:20.000Z, about 2 hours from now", "2026-09-25T03:39:20.000Z")]
    [InlineData("2026-09-25T03:37:50Z", "expire at 2026-09-25T03:39:20.000Z, 2 minutes from now", "2026-09-25T03:39:20.000Z")]
    [InlineData("2026-09-25T03:39:20Z", "expired at 2026-09-25T03:39:20.000Z, a minute or less ago", "2026-09-25T03:39:20.000Z")]
    // A relay that stores answers may hand on URLs whose time has passed.
    [InlineData("2026-09-25T05:39:20Z", "expired at 2026-09-25T03:39:20.000Z, about 2 hours ago: the relay passed on an old answer", "2026-09-25T03:39:20.000Z")]
    public void The_text_says_when_the_output_urls_stop_working(string now, string said, string expiresAt)
    {
        // The token's payload is {"exp":1790307560}.
        var task = Task("""{"id":"t1","status":"SUCCEEDED","createdAt":"2026-09-24T03:38:00.000Z","output":["https://dnznrvs05pmza.cloudfront.net/t1.mp4?_jwt=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3OTAzMDc1NjB9.c2ln"]}""");

        var view = VideoTaskPresenter.ToView(task, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(said, view.Summary, StringComparison.Ordinal);
        Assert.Equal(expiresAt, view.OutputExpiresAt);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("PENDING,RUNNING")]
    [InlineData("succeeded")]
    public void A_status_kept_as_sent_is_not_taken_for_one_of_runways(string sent)
    {
        // As the client leaves a status it does not know: none read, the value kept under its own name.
        var task = new RunwayTask { Id = "t1", AdditionalData = new Dictionary<string, object> { ["status"] = new UntypedString(sent) } };

        var result = VideoTaskPresenter.ToResult(VideoTaskPresenter.ToView(task, DateTimeOffset.UnixEpoch));

        Assert.StartsWith($"Task t1 is {sent}, a status this server does not know", result.Text(), StringComparison.Ordinal);
        Assert.Equal(sent, result.Structured().GetProperty("status").GetString());
        Assert.False(result.Structured().GetProperty("isTerminal").GetBoolean());
        Assert.Equal(ToolResultTelemetry.OtherStatus, ToolResultTelemetry.ResultOf(result));
    }

    // What a relay may leave out, or send at the edge of its range, still reads as a sentence a person can act on.
    [Theory]
    [InlineData("""{"id":"t1","status":"FAILED","createdAt":"2026-09-24T03:38:00.000Z"}""", "Reason: none given.")]
    [InlineData("""{"id":"t1","status":"FAILED","createdAt":"2026-09-24T03:38:00.000Z","failure":"  "}""", "Reason: none given.")]
    [InlineData("""{"id":"t1","status":"SUCCEEDED","createdAt":"2026-09-24T03:38:00.000Z"}""", "Task t1 is SUCCEEDED: the video is ready.")]
    [InlineData("""{"id":"t1","status":"RUNNING","createdAt":"2026-09-24T03:38:00.000Z","progress":1}""", "Task t1 is RUNNING: generating, 100% done.")]
    [InlineData("""{"id":"t1","status":"RUNNING","createdAt":"2026-09-24T03:38:00.000Z","progress":0}""", "Task t1 is RUNNING: generating, 0% done.")]
    public void A_task_with_a_field_left_out_or_at_its_edge_reads_as_a_sentence(string json, string said)
    {
        var result = VideoTaskPresenter.ToResult(VideoTaskPresenter.ToView(Task(json), DateTimeOffset.UnixEpoch));

        Assert.Contains(said, result.Text(), StringComparison.Ordinal);
        // A progress within Runway's 0 to 1 is the task's own, not a misfit kept under extra.
        Assert.False(result.Structured().TryGetProperty("extra", out var extra) && extra.ValueKind == JsonValueKind.Object && extra.TryGetProperty("progress", out _));
    }

    // A field in a form Runway does not use is quoted as sent up to 80 characters of JSON (quotes included), then cut
    // with an ellipsis; the whole value stays under extra.
    [Theory]
    [InlineData(78, "createdAt = \"{0}\" in a form")]
    [InlineData(79, "createdAt = \"{0}… in a form")]
    public void A_misfit_field_is_quoted_up_to_80_characters(int length, string said)
    {
        var sent = new string('x', length);
        var task = Task("""{"id":"t1","status":"RUNNING"}""");
        // Where the client's tolerant reader puts a createdAt that is no date.
        task.AdditionalData["createdAt"] = new UntypedString(sent);

        var result = VideoTaskPresenter.ToResult(VideoTaskPresenter.ToView(task, DateTimeOffset.UnixEpoch));

        Assert.Contains(string.Format(CultureInfo.InvariantCulture, said, sent[..Math.Min(length, 79)]), result.Text(), StringComparison.Ordinal);
        Assert.Equal(sent, result.Structured().GetProperty("extra").GetProperty("createdAt").GetString());
    }

    [Fact]
    public void Output_urls_that_do_not_say_when_they_stop_get_runways_general_word()
    {
        var task = Task("""{"id":"t1","status":"SUCCEEDED","createdAt":"2026-09-24T03:38:00.000Z","output":["https://files.example-relay.com/t1.mp4?expires=1790307560"]}""");

        var view = VideoTaskPresenter.ToView(task, DateTimeOffset.UnixEpoch);

        Assert.Contains("expire within 24 to 48 hours", view.Summary, StringComparison.Ordinal);
        Assert.Null(view.OutputExpiresAt);
    }

    private static RunwayTask Task(string json) =>
        new JsonParseNode(JsonDocument.Parse(json).RootElement).GetObjectValue(RunwayTask.CreateFromDiscriminatorValue)!;

    private static void AssertSampleHolds(IParsable model, JsonElement sample)
    {
        var read = model.GetFieldDeserializers().Keys.ToHashSet(StringComparer.Ordinal);
        var sampled = sample.EnumerateObject().Select(field => field.Name).ToHashSet(StringComparer.Ordinal);

        Assert.True(read.SetEquals(sampled),
            $"The generated {model.GetType().Name} reads [{string.Join(", ", read.Except(sampled))}], which the sample ({nameof(EveryField)} in this class) lacks, "
            + $"and no longer reads [{string.Join(", ", sampled.Except(read))}], which it holds. A field added to the OpenAPI document: carry it in "
            + "VideoTaskView and VideoTaskPresenter, then add it to the sample; a field taken out: take it out of both and of the sample.");
    }

    private static JsonElement Sample() => JsonDocument.Parse(EveryField).RootElement;

    private static IEnumerable<JsonElement> Leaves(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Leaves(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Leaves),
        _ => [element],
    };
}
