namespace RunwayRelay.Sandbox;

/// <summary>Maps a task id to its <see cref="SandboxScenario"/>. The README lists these ids.</summary>
public static class SandboxCatalogue
{
    /// <summary>The sample id of the relay's own documentation; it plays <see cref="SandboxScenario.Success"/>.</summary>
    public const string DocumentedSampleId = "2f19d8a7-3b74-4fc4-af42-d0bcadbaec54";

    private static readonly (string Prefix, SandboxScenario Scenario)[] Prefixes =
    [
        ("demo-success", SandboxScenario.Success),
        ("demo-image", SandboxScenario.Image),
        ("demo-audio", SandboxScenario.Audio),
        ("demo-throttled", SandboxScenario.Throttled),
        ("demo-failure", SandboxScenario.Failure),
        ("demo-cancelled", SandboxScenario.Cancelled),
        ("demo-new-status", SandboxScenario.NewStatus),
        ("demo-instant", SandboxScenario.Instant),
        ("demo-never-ends", SandboxScenario.NeverEnds),
        ("demo-rate-limited-once", SandboxScenario.RateLimitedOnce),
        ("demo-unavailable-once", SandboxScenario.UnavailableOnce),
        ("demo-outage", SandboxScenario.Outage),
        ("demo-appears-late", SandboxScenario.AppearsLate),
        ("demo-deleted", SandboxScenario.Deleted),
        ("fault-429-date", SandboxScenario.RateLimitedDate),
        ("fault-429-bare", SandboxScenario.RateLimitedBare),
        ("fault-429", SandboxScenario.RateLimited),
        ("fault-slow", SandboxScenario.Slow),
        ("fault-malformed", SandboxScenario.Malformed),
        ("fault-html", SandboxScenario.Html),
        ("fault-kling", SandboxScenario.Kling),
        ("fault-luma", SandboxScenario.Luma),
        ("fault-wrapped", SandboxScenario.Wrapped),
        ("fault-relay-gave-up", SandboxScenario.RelayGaveUp),
        ("fault-relays-own-id", SandboxScenario.RelaysOwnId),
        ("fault-relay-record-only", SandboxScenario.RelayRecordOnly),
        ("fault-huge", SandboxScenario.Huge),
        ("fault-trickle", SandboxScenario.Trickle),
        ("fault-redirect-same-host", SandboxScenario.RedirectSameHost),
        ("fault-redirect", SandboxScenario.Redirect),
        ("fault-reset", SandboxScenario.Reset),
        ("fault-truncated", SandboxScenario.Truncated),
        ("fault-odd-running", SandboxScenario.OddRunning),
        ("fault-odd-succeeded", SandboxScenario.OddSucceeded),
        ("fault-odd-values", SandboxScenario.OddValues),
        ("fault-odd-output", SandboxScenario.OddOutput),
        ("fault-bloated", SandboxScenario.Bloated),
        ("fault-numeric-id", SandboxScenario.NumericId),
        ("fault-array", SandboxScenario.Array),
        ("fault-not-utf8", SandboxScenario.NotUtf8),
        ("fault-other-id", SandboxScenario.OtherId),
        ("fault-relay-error", SandboxScenario.RelayError),
    ];

    /// <summary>An id of each kind, for a person picking one: the lifecycles first, then the faults, the status ones as the
    /// statuses relays answer, and last the documented sample.</summary>
    public static IReadOnlyList<string> ExampleIds { get; } =
        [.. Prefixes.Select(entry => entry.Prefix), "fault-400", "fault-401", "fault-403", "fault-404", "fault-500", "fault-502", "fault-503", "fault-504", DocumentedSampleId];

    /// <summary>The scenario for <paramref name="taskId"/>, and for <see cref="SandboxScenario.Status"/> the status code.</summary>
    public static (SandboxScenario Scenario, int StatusCode) Classify(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (taskId == DocumentedSampleId)
        {
            return (SandboxScenario.Success, 200);
        }
        foreach (var (prefix, scenario) in Prefixes)
        {
            if (taskId.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (scenario, 200);
            }
        }
        // fault-<status>, for example fault-503 or fault-401-anything.
        if (taskId.StartsWith("fault-", StringComparison.Ordinal) && taskId.Length >= 9
            && int.TryParse(taskId.AsSpan(6, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
            && status is >= 400 and <= 599 && (taskId.Length == 9 || taskId[9] == '-'))
        {
            return (SandboxScenario.Status, status);
        }
        return (SandboxScenario.NotFound, 404);
    }
}
