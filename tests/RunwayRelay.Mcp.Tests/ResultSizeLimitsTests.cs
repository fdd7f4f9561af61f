using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Whatever a relay adds, the tool result stays small enough for hosts to take (Claude Code refuses one past 25,000
/// tokens) and keeps the task itself whole: what is cut says so, where it stood and in the text.
/// </summary>
public sealed class ResultSizeLimitsTests
{
    private const string Id = "2f19d8a7-3b74-4fc4-af42-d0bcadbaec54";
    private const string Video = "https://videos.example.com/task.mp4?signature=abc";

    private static RunwayTask Parse(JsonObject task) =>
        new JsonParseNode(JsonDocument.Parse(task.ToJsonString()).RootElement).GetObjectValue(RunwayTask.CreateFromDiscriminatorValue)!;

    private static JsonObject Succeeded() => new() { ["id"] = Id, ["status"] = "SUCCEEDED", ["output"] = new JsonArray(Video) };

    private static JsonObject Succeeded(string[] output) =>
        new() { ["id"] = Id, ["status"] = "SUCCEEDED", ["output"] = new JsonArray([.. output.Select(url => (JsonNode)JsonValue.Create(url))]) };

    private static (VideoTaskView View, string Json) Present(JsonObject task)
    {
        var view = VideoTaskPresenter.ToView(Parse(task), DateTimeOffset.UnixEpoch);
        return (view, JsonSerializer.Serialize(VideoTaskPresenter.ToResult(view)));
    }

    [Fact]
    public void A_task_of_ordinary_size_is_passed_on_unchanged()
    {
        var task = Succeeded();
        task["failure"] = new string('f', ResultSizeLimits.MaxTextLength);
        task["seed"] = 42;
        task["meta"] = new JsonObject { ["note"] = new string('n', ResultSizeLimits.MaxTextLength) };

        var (view, _) = Present(task);

        Assert.Equal(new string('f', ResultSizeLimits.MaxTextLength), view.Failure);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["seed"] = 42, ["meta"] = new JsonObject { ["note"] = new string('n', ResultSizeLimits.MaxTextLength) } }, view.Extra));
        Assert.DoesNotContain("shortened", view.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_failure_is_cut_and_says_how_much_is_left_out()
    {
        var task = new JsonObject { ["id"] = Id, ["status"] = "FAILED", ["failure"] = "Moderation. " + new string('x', 100_000), ["failureCode"] = "SAFETY.INPUT.TEXT" };

        var (view, json) = Present(task);

        Assert.StartsWith("Moderation. xxx", view.Failure, StringComparison.Ordinal);
        Assert.EndsWith("… [98,012 more characters left out here]", view.Failure, StringComparison.Ordinal);
        Assert.Equal(ResultSizeLimits.MaxTextLength, view.Failure!.IndexOf('…', StringComparison.Ordinal));
        Assert.Equal("SAFETY.INPUT.TEXT", view.FailureCode);
        Assert.Contains("Too long to pass on whole, shortened here: failure (the relay has them in full).", view.Summary, StringComparison.Ordinal);
        Assert.InRange(json.Length, 1, 20_000);
    }

    [Fact]
    public void A_long_failure_code_is_cut_and_named()
    {
        var task = new JsonObject { ["id"] = Id, ["status"] = "FAILED", ["failure"] = "Moderation.", ["failureCode"] = "SAFETY." + new string('X', 100_000) };

        var (view, json) = Present(task);

        Assert.StartsWith("SAFETY.XXX", view.FailureCode, StringComparison.Ordinal);
        Assert.EndsWith("more characters left out here]", view.FailureCode, StringComparison.Ordinal);
        Assert.Contains("Too long to pass on whole, shortened here: failureCode (the relay has them in full).", view.Summary, StringComparison.Ordinal);
        Assert.InRange(json.Length, 1, 20_000);
    }

    [Fact]
    public void A_long_status_of_a_later_api_version_is_cut_and_named()
    {
        // A status Runway's enum does not know is kept as the relay sent it, so it is the relay's words like the failure.
        var task = Parse(new JsonObject { ["id"] = Id });
        task.AdditionalData["status"] = new UntypedString("REVIEW_" + new string('X', 100_000));

        var view = VideoTaskPresenter.ToView(task, DateTimeOffset.UnixEpoch);

        Assert.StartsWith("REVIEW_XXX", view.Status, StringComparison.Ordinal);
        Assert.EndsWith("more characters left out here]", view.Status, StringComparison.Ordinal);
        Assert.Contains("Too long to pass on whole, shortened here: status (the relay has them in full).", view.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_strings_under_extra_are_cut_wherever_they_are()
    {
        var task = Succeeded();
        task["thumbnail"] = "data:image/png;base64," + new string('A', 50_000);
        task["relay"] = new JsonObject { ["request"] = new JsonObject { ["prompt"] = new string('p', 5_000) }, ["code"] = 0 };
        task["notes"] = new JsonArray("short", new string('q', 3_000));
        task["seed"] = 42;

        var (view, _) = Present(task);

        Assert.StartsWith("data:image/png;base64,AAA", view.Extra!["thumbnail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("… [48,022 more characters left out here]", view.Extra["thumbnail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("… [3,000 more characters left out here]", view.Extra["relay"]!["request"]!["prompt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("0", view.Extra["relay"]!["code"]!.ToJsonString());
        Assert.Equal("short", view.Extra["notes"]![0]!.GetValue<string>());
        Assert.EndsWith("… [1,000 more characters left out here]", view.Extra["notes"]![1]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("42", view.Extra["seed"]!.ToJsonString());
        Assert.Contains("shortened here: extra.thumbnail, extra.relay, extra.notes (", view.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_much_under_extra_goes_largest_first_and_the_task_stays_whole()
    {
        var task = Succeeded();
        task["frames"] = new JsonArray([.. Enumerable.Range(0, 20_000).Select(i => (JsonNode)new JsonObject { ["t"] = i })]);
        task["tags"] = new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode)JsonValue.Create($"tag{i}"))]);
        task["seed"] = 42;
        var framesLength = task["frames"]!.ToJsonString().Length.ToString("N0", CultureInfo.InvariantCulture);

        var (view, json) = Present(task);

        Assert.Equal($"[left out here: {framesLength} characters of JSON]", view.Extra!["frames"]!.GetValue<string>());
        Assert.Equal(500, view.Extra["tags"]!.AsArray().Count);
        Assert.Equal("42", view.Extra["seed"]!.ToJsonString());
        Assert.Equal("SUCCEEDED", view.Status);
        Assert.Equal([Video], view.Output);
        Assert.Contains("shortened here: extra.frames (", view.Summary, StringComparison.Ordinal);
        Assert.InRange(json.Length, 1, 20_000);
    }

    [Fact]
    public void Five_shortened_fields_are_all_named()
    {
        var task = Succeeded([.. Enumerable.Range(0, 3_000).Select(i => $"{Video}&part={i}")]);
        task["failure"] = new string('f', ResultSizeLimits.MaxTextLength + 1);
        task["failureCode"] = new string('c', ResultSizeLimits.MaxTextLength + 1);
        task["frames"] = new string('a', ResultSizeLimits.MaxExtraJsonLength + 2);
        task["thumbnail"] = new string('b', ResultSizeLimits.MaxExtraJsonLength + 1);

        var (view, _) = Present(task);

        var named = view.Summary.Split("Too long to pass on whole, shortened here: ")[1].Split(" (the relay has them in full)")[0];
        Assert.Matches("^output: [0-9,]+ of 3,000 URLs kept, failure, failureCode, extra.frames, extra.thumbnail$", named);
    }

    [Fact]
    public void The_text_names_five_shortened_fields_and_counts_the_rest()
    {
        var task = Succeeded();
        for (var i = 0; i < 20; i++)
        {
            task[$"field{i:00}"] = new string('v', 1_000 + i);
        }

        var (view, _) = Present(task);

        // The largest go first, until the rest fits.
        var leftOut = view.Extra!.Where(f => f.Value!.GetValue<string>().StartsWith("[left out here", StringComparison.Ordinal)).Select(f => f.Key).ToList();
        var kept = view.Extra!.Select(f => f.Key).Except(leftOut).ToList();
        Assert.InRange(leftOut.Count, 6, 19);
        Assert.True(leftOut.Min(name => task[name]!.GetValue<string>().Length) > kept.Max(name => task[name]!.GetValue<string>().Length));
        Assert.All(kept, name => Assert.Equal(task[name]!.GetValue<string>(), view.Extra![name]!.GetValue<string>()));
        Assert.InRange(view.Extra!.ToJsonString().Length, 1, ResultSizeLimits.MaxExtraJsonLength);
        var largestFirst = leftOut.OrderByDescending(name => task[name]!.GetValue<string>().Length).Select(name => $"extra.{name}");
        Assert.Contains($"shortened here: {string.Join(", ", largestFirst.Take(5))} and {leftOut.Count - 5} more (", view.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_small_fields_become_one_note()
    {
        var task = Succeeded();
        for (var i = 0; i < 3_000; i++)
        {
            task[$"field{i}"] = i;
        }

        var (view, json) = Present(task);

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["leftOut"] = "[3,000 fields the relay sent, left out here: too many to pass on]" }, view.Extra));
        Assert.Contains("shortened here: extra (the relay has them in full).", view.Summary, StringComparison.Ordinal);
        Assert.Equal([Video], view.Output);
        Assert.InRange(json.Length, 1, 20_000);
    }

    [Theory]
    [InlineData(10, "", 20)]
    [InlineData(1, "yyyy", 6)]
    public void A_cut_never_splits_a_character(int emojis, string after, int leftOut)
    {
        // The first emoji straddles the limit: its first half is the last character that would be kept.
        var task = new JsonObject { ["id"] = Id, ["status"] = "FAILED", ["failure"] = new string('x', ResultSizeLimits.MaxTextLength - 1) + string.Concat(Enumerable.Repeat("\U0001F3A5", emojis)) + after };

        var (view, _) = Present(task);

        var failure = Assert.IsType<string>(view.Failure);
        var kept = failure[..failure.IndexOf('…', StringComparison.Ordinal)];
        Assert.Equal(new string('x', ResultSizeLimits.MaxTextLength - 1), kept);
        Assert.EndsWith($"… [{leftOut} more characters left out here]", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_long_video_URLs_are_passed_on_whole()
    {
        // Four signed URLs of a relay's own storage, each a few thousand characters long.
        var urls = Enumerable.Range(1, 4).Select(i => $"{Video}&part={i}&token={new string('t', 1_900)}").ToArray();

        var (view, _) = Present(Succeeded(urls));

        Assert.Equal(urls, view.Output);
        Assert.All(urls, url => Assert.Contains(url, view.Summary, StringComparison.Ordinal));
        Assert.DoesNotContain("shortened", view.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_URLs_of_exactly_the_limit_in_all_are_all_passed_on()
    {
        // Four URLs of 2,000 characters each: 8,000 in all, the limit itself.
        var urls = Enumerable.Range(1, 4).Select(i => $"{Video}&part={i}&token=").Select(url => url + new string('t', ResultSizeLimits.MaxOutputLength / 4 - url.Length)).ToArray();

        var (view, _) = Present(Succeeded(urls));

        Assert.Equal(ResultSizeLimits.MaxOutputLength, urls.Sum(url => url.Length));
        Assert.Equal(urls, view.Output);
        Assert.DoesNotContain("shortened", view.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_URLs_past_the_limit_are_left_out_whole_and_counted()
    {
        var urls = Enumerable.Range(0, 3_000).Select(i => $"{Video}&part={i:0000}").ToArray();

        var (view, json) = Present(Succeeded(urls));

        // The first ones, in order and whole, as many as fit.
        var kept = Assert.IsAssignableFrom<IReadOnlyList<string>>(view.Output);
        Assert.Equal(urls.Take(kept.Count), kept);
        Assert.InRange(kept.Sum(url => url.Length), ResultSizeLimits.MaxOutputLength - urls[0].Length + 1, ResultSizeLimits.MaxOutputLength);
        Assert.Contains($"shortened here: output: {kept.Count} of 3,000 URLs kept (the relay has them in full).", view.Summary, StringComparison.Ordinal);
        Assert.InRange(json.Length, 1, 30_000);
    }

    [Fact]
    public void A_video_URL_too_long_for_any_host_is_left_out_not_cut()
    {
        var (view, _) = Present(Succeeded([$"{Video}&token={new string('t', ResultSizeLimits.MaxOutputLength)}"]));

        Assert.Equal([], view.Output);
        Assert.Equal("SUCCEEDED", view.Status);
        Assert.Contains("shortened here: output: 0 of 1 URLs kept (the relay has them in full).", view.Summary, StringComparison.Ordinal);
    }
}
