using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;
using ModelContextProtocol.Protocol;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using TaskStatus = RunwayRelay.Client.Generated.Models.TaskStatus;

namespace RunwayRelay.Mcp.Tools;

/// <summary>Turns a task into the tool result: structured content for programs, a short text for the model (repeated in
/// the structured content as <see cref="VideoTaskView.Summary"/>, for hosts that show the model only that).</summary>
internal static class VideoTaskPresenter
{
    /// <summary>Runway does not update a task more often than this; asking sooner wastes a call.</summary>
    public static readonly int MinimumPollSeconds = (int)TaskWaitOptions.MinimumPollInterval.TotalSeconds;

    /// <summary>The tool result's fields; <paramref name="now"/> says how long the output URLs have left.</summary>
    public static VideoTaskView ToView(RunwayTask task, DateTimeOffset now, WaitSummary? wait = null)
    {
        var terminal = task.IsTerminal();
        // Runway's progress is a fraction; a relay sending a percentage (42) must not read as 4200 % done.
        var progressFits = task.Progress is null or (>= 0 and <= 1);
        var extra = AdditionalDataJson.ToJsonObject(task.AdditionalData, "status");
        if (!progressFits)
        {
            (extra ??= [])["progress"] = task.Progress;
        }
        // What did not fit inside a cost (credits as a word) stays in that object's own additional data.
        foreach (var (name, cost) in new (string, IAdditionalDataHolder?)[] { ("estimatedCost", task.EstimatedCost), ("cost", task.Cost) })
        {
            if (cost?.AdditionalData is { Count: > 0 } unread)
            {
                (extra ??= [])[name] = AdditionalDataJson.ToJsonObject(unread);
            }
        }
        var outputExpires = task.OutputExpiresAt();
        var shortened = new List<string>();
        var view = new VideoTaskView
        {
            Id = task.Id!,
            Status = ResultSizeLimits.Shorten(task.StatusText(), "status", shortened)!,
            IsTerminal = terminal,
            CreatedAt = task.CreatedAt is { } created ? Rfc3339(created) : null,
            Progress = progressFits ? task.Progress : null,
            Output = ResultSizeLimits.FitOutput(task.Output, shortened),
            OutputExpiresAt = outputExpires is { } expires ? Rfc3339(expires) : null,
            Failure = ResultSizeLimits.Shorten(task.Failure, "failure", shortened),
            FailureCode = ResultSizeLimits.Shorten(task.FailureCode, "failureCode", shortened),
            EstimatedCostCredits = task.EstimatedCost?.Credits,
            CostCredits = task.Cost?.Credits,
            PollAgainAfterSeconds = terminal ? null : MinimumPollSeconds,
            // "status" is there only when Kiota could not map it to the enum; it is already in Status.
            Extra = ResultSizeLimits.Fit(extra, shortened),
            Wait = wait,
            // Written from the view's own fields, just below.
            Summary = "",
        };
        return view with { Summary = ToText(view, task.Status, shortened, outputExpires - now) };
    }

    /// <summary>A time as Runway writes it: RFC 3339 in UTC, milliseconds, <c>Z</c>.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static CallToolResult ToResult(VideoTaskView view) => new()
    {
        Content = [new TextContentBlock { Text = view.Summary }],
        StructuredContent = JsonSerializer.SerializeToElement(view, ToolJsonContext.Default.VideoTaskView),
    };

    // The status as the client read it (null for a value Runway does not spell so): the view holds only its text.
    private static string ToText(VideoTaskView view, TaskStatus? status, List<string> shortened, TimeSpan? outputLeft)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Task {view.Id} is {view.Status}");
        text.Append(status switch
        {
            TaskStatus.PENDING => ": queued, not started yet.",
            TaskStatus.THROTTLED => ": held in Runway's queue because the account has too many tasks running; it starts when one of them finishes.",
            TaskStatus.RUNNING => view.Progress is double p
                ? string.Create(CultureInfo.InvariantCulture, $": generating, {Math.Round(p * 100)}% done.")
                : ": generating.",
            TaskStatus.SUCCEEDED => $": {OutputMedia.ReadySentence(view.Output ?? [])}.",
            TaskStatus.FAILED => ": it will not produce a video.",
            TaskStatus.CANCELLED => ": it was cancelled and will not produce a video.",
            _ => $", a status this server does not know (a newer Runway API version may have added it). Treat it as not finished, and see structuredContent for every field the relay sent.",
        });
        text.AppendLine();
        if (view.Extra?[RelayEnvelope.EnvelopeField] is System.Text.Json.Nodes.JsonObject envelope)
        {
            var said = view.Extra[RelayEnvelope.RelayStatusField] is System.Text.Json.Nodes.JsonValue recorded && recorded.TryGetValue<string>(out var relayStatus)
                ? $"The relay answered in its own envelope ({Quoted(envelope)}) without Runway's answer about the task yet: the status is the relay's own record of it ({relayStatus})."
                : $"The relay wrapped the task in its own envelope ({Quoted(envelope)}); the task was read from inside it.";
            text.AppendLine(said);
        }
        if (view.Extra?[RelayEnvelope.RunwayTaskIdField] is System.Text.Json.Nodes.JsonValue runwayId && runwayId.TryGetValue<string>(out var runways))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The relay names this task {view.Id}, its own id: ask with that one. Runway's id for it is {runways}.");
        }
        if (MisfitFields(view) is { Length: > 0 } misfits)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The relay sent {misfits} in a form Runway does not use; kept as sent under extra.");
        }
        if (shortened.Count > 0)
        {
            var named = shortened.Count <= 5 ? string.Join(", ", shortened) : $"{string.Join(", ", shortened.Take(5))} and {shortened.Count - 5} more";
            text.AppendLine(CultureInfo.InvariantCulture, $"Too long to pass on whole, shortened here: {named} (the relay has them in full).");
        }

        if (view.Output is { Count: > 0 } output)
        {
            text.AppendLine(outputLeft switch
            {
                null => "Output (signed URLs that expire within 24 to 48 hours: download what you need to keep):",
                { } left when left > TimeSpan.Zero => $"Output (signed URLs that expire at {view.OutputExpiresAt}, {InWords(left)} from now: download what you need to keep):",
                // Runway signs fresh URLs each time a task is read: a relay that stores its answers handed on an old one.
                { } gone => $"Output (signed URLs that expired at {view.OutputExpiresAt}, {InWords(-gone)} ago: the relay passed on an old answer, or this server's clock is wrong; Runway signs fresh URLs each time the task is read, so ask again later):",
            });
            foreach (var url in output)
            {
                // Passed on as sent, but a relay's "javascript:" or relative path is not a link to hand a person.
                text.Append("- ").Append(url).AppendLine(IsWebAddress(url) ? "" : " (not a web address: do not open it as a link)");
            }
        }
        if (status == TaskStatus.FAILED)
        {
            text.Append("Reason: ").AppendLine(string.IsNullOrWhiteSpace(view.Failure) ? "none given." : view.Failure);
            if (!string.IsNullOrEmpty(view.FailureCode))
            {
                text.Append(CultureInfo.InvariantCulture, $"Failure code {view.FailureCode}: ");
            }
            text.AppendLine(FailureCodeAdvice.For(view.FailureCode));
        }
        if (view.CostCredits is double cost)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Cost: {cost} credits{(cost == 0 ? " (refunded or free)" : "")}.");
        }
        else if (view.EstimatedCostCredits is double estimate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Estimated cost: {estimate} credits.");
        }
        if (view.Wait is { } wait)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Waited {Math.Round(wait.WaitedSeconds, 1)} s over {wait.Requests} request(s).");
            if (wait is { FailedPolls: int failed, PollFailure: { } why, LastReadSecondsAgo: double ago })
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"The last {failed} poll(s) got no task ({why}): the status above was read {ago} s before the wait ended.");
            }
            if (wait.TimedOut)
            {
                text.AppendLine("The wait timed out but the task is still going: call wait_for_video_task again to resume waiting.");
            }
        }
        else if (!view.IsTerminal)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Not finished: ask again in {MinimumPollSeconds} seconds or more (Runway updates tasks no faster), or call wait_for_video_task to wait for the end in one call.");
        }
        return text.ToString().TrimEnd();
    }

    private static string InWords(TimeSpan span) => span switch
    {
        { TotalHours: >= 1.5 } => string.Create(CultureInfo.InvariantCulture, $"about {Math.Round(span.TotalHours)} hours"),
        { TotalMinutes: >= 1.5 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalMinutes)} minutes"),
        _ => "a minute or less",
    };

    /// <summary>The task's own fields that arrived under extra because their value did not fit, each with what arrived.</summary>
    private static string MisfitFields(VideoTaskView view) =>
        view.Extra is null ? string.Empty : string.Join(", ", TaskFields
            .Where(name => name != "status" && view.Extra.ContainsKey(name))
            .Select(name => $"{name} = {Quoted(view.Extra[name])}"));

    private static string Quoted(System.Text.Json.Nodes.JsonNode? value)
    {
        var json = value?.ToJsonString() ?? "null";
        return json.Length <= 80 ? json : string.Concat(json.AsSpan(0, 80), "…");
    }

    // The wire names of the task's own fields, as the generated model reads them.
    private static readonly string[] TaskFields = [.. new RunwayTask().GetFieldDeserializers().Keys];

    private static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp);
}
