using ModelContextProtocol;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Mcp.Tools;
using TaskStatus = RunwayRelay.Client.Generated.Models.TaskStatus;

namespace RunwayRelay.Mcp.Tests;

/// <summary>MCP requires each progress notification to increase: whatever a wait sees, the values the reporter sends do.</summary>
public sealed class WaitProgressReporterTests
{
    private sealed class Sink : IProgress<ProgressNotificationValue>
    {
        public List<ProgressNotificationValue> Sent { get; } = [];

        public void Report(ProgressNotificationValue value) => Sent.Add(value);
    }

    private static TaskWaitProgress Seen(TaskStatus status, double? progress = null, string? backingOff = null) =>
        new(new RunwayTask { Id = "t", Status = status, Progress = progress }, 1, TimeSpan.Zero, backingOff);

    public static TheoryData<string> Sequences() => ["usual", "relay percentages", "back-offs and repeats", "near the end"];

    private static IEnumerable<TaskWaitProgress> Sequence(string name) => name switch
    {
        "usual" => [Seen(TaskStatus.PENDING), Seen(TaskStatus.RUNNING, 0), Seen(TaskStatus.RUNNING, 0.25), Seen(TaskStatus.RUNNING, 0.75)],
        "relay percentages" => [Seen(TaskStatus.RUNNING, 42), Seen(TaskStatus.RUNNING, 43), Seen(TaskStatus.RUNNING, 0.5), Seen(TaskStatus.RUNNING, 99)],
        "back-offs and repeats" => [new(null, 1, TimeSpan.Zero, "rate limited by the relay"), Seen(TaskStatus.THROTTLED), Seen(TaskStatus.THROTTLED),
            Seen(TaskStatus.THROTTLED, backingOff: "the relay is failing"), Seen(TaskStatus.PENDING), Seen(TaskStatus.RUNNING, 0.1), Seen(TaskStatus.RUNNING, 0.05)],
        _ => [Seen(TaskStatus.RUNNING, 1), Seen(TaskStatus.RUNNING, 1, "the relay is failing"), Seen(TaskStatus.RUNNING), Seen(TaskStatus.THROTTLED), Seen(TaskStatus.RUNNING, 1)],
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Progress_values_strictly_increase_and_stay_below_100(string sequence)
    {
        var sink = new Sink();
        var reporter = new WaitProgressReporter(sink);

        foreach (var seen in Sequence(sequence))
        {
            reporter.Report(seen);
        }

        Assert.NotEmpty(sink.Sent);
        Assert.All(sink.Sent.Zip(sink.Sent.Skip(1)), pair => Assert.True(pair.Second.Progress > pair.First.Progress, $"{pair.First.Progress} then {pair.Second.Progress}"));
        Assert.All(sink.Sent, sent => Assert.InRange(sent.Progress, 0f, 99.99f));
        Assert.DoesNotContain(sink.Sent, sent => sent.Message!.Contains("4200", StringComparison.Ordinal));
    }

    // What people watching read (Claude Code and VS Code show the message): a repeat sends nothing, a new message
    // without new progress moves up by a hundredth, progress never goes back though the relay's does.
    [Fact]
    public void Back_offs_and_repeats_send_each_new_state_once_in_words()
    {
        var sink = new Sink();
        var reporter = new WaitProgressReporter(sink);

        foreach (var seen in Sequence("back-offs and repeats"))
        {
            reporter.Report(seen);
        }

        Assert.Equal(
        [
            (0f, "Waiting: rate limited by the relay"),
            (0.01f, "THROTTLED: queued by the provider"),
            (0.02f, "THROTTLED: waiting, the relay is failing"),
            (0.03f, "PENDING: queued"),
            (10f, "RUNNING 10%"),
            (10.01f, "RUNNING 5%"),
        ], sink.Sent.Select(sent => (sent.Progress, sent.Message!)));
        Assert.All(sink.Sent, sent => Assert.Equal(100f, sent.Total));
    }

    // A task that sits at one percentage for many polls, as renders do, is said once; at 100 % it is as near the end as
    // a value may be before the result.
    [Fact]
    public void A_task_polled_at_the_same_percentage_is_said_once_and_100_percent_runs_up_to_the_end()
    {
        var sink = new Sink();
        var reporter = new WaitProgressReporter(sink);

        foreach (var seen in new[] { Seen(TaskStatus.RUNNING, 0), Seen(TaskStatus.RUNNING, 0.5), Seen(TaskStatus.RUNNING, 0.5), Seen(TaskStatus.RUNNING, 1), Seen(TaskStatus.RUNNING, 1) })
        {
            reporter.Report(seen);
        }

        Assert.Equal([(0f, "RUNNING 0%"), (50f, "RUNNING 50%"), (99.99f, "RUNNING 100%")], sink.Sent.Select(sent => (sent.Progress, sent.Message!)));
    }

    [Theory]
    [InlineData(null, null, "Waiting for the first answer")]
    [InlineData(TaskStatus.RUNNING, null, "RUNNING")]
    // A relay's percentage is no fraction: not shown as one.
    [InlineData(TaskStatus.RUNNING, 42.0, "RUNNING")]
    [InlineData(TaskStatus.RUNNING, 1.0, "RUNNING 100%")]
    [InlineData(TaskStatus.RUNNING, 0.0, "RUNNING 0%")]
    [InlineData(TaskStatus.SUCCEEDED, null, "SUCCEEDED")]
    public void A_state_reads_as_its_status_and_progress(TaskStatus? status, double? progress, string said) =>
        Assert.Equal(said, WaitProgressReporter.Message(status is { } known ? new RunwayTask { Id = "t", Status = known, Progress = progress } : null, null));
}
