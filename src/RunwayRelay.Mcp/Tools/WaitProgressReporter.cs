using System.Globalization;
using ModelContextProtocol;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using TaskStatus = RunwayRelay.Client.Generated.Models.TaskStatus;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Turns what a wait sees into MCP progress notifications: the task's progress (0–1) as progress/total out of 100,
/// and a message such as "RUNNING 42%". MCP requires progress to increase with each notification, so an update
/// that only changes the message (PENDING to THROTTLED) moves it up by a hundredth; nothing new sends nothing. It
/// stays below 100, which the result itself stands for, and a progress outside 0–1 (a relay's percentage) is not
/// shown as one.
/// </summary>
internal sealed class WaitProgressReporter(IProgress<ProgressNotificationValue> sink) : IProgress<TaskWaitProgress>
{
    private const double Highest = 99.99;

    private double lastValue = -1;
    private string? lastMessage;

    public void Report(TaskWaitProgress value)
    {
        if (value.Task?.IsTerminal() == true)
        {
            // The result itself ends the call. A notification sent just before it can arrive after the client
            // stopped listening (the C# SDK drops it), so the end is not announced twice.
            return;
        }
        var (progress, message) = Describe(value);
        if (message == lastMessage && progress <= lastValue)
        {
            return;
        }
        progress = Math.Round(Math.Min(Highest, Math.Max(progress, lastValue + 0.01)), 2);
        if (progress <= lastValue)
        {
            // Already at the highest value short of the end: a further notification could not increase.
            return;
        }
        lastValue = progress;
        lastMessage = message;
        sink.Report(new ProgressNotificationValue { Progress = (float)progress, Total = 100, Message = message });
    }

    private (double Progress, string Message) Describe(TaskWaitProgress value)
    {
        var progress = value switch
        {
            { BackingOff: null, Task.Status: TaskStatus.PENDING or TaskStatus.THROTTLED } => 0,
            { BackingOff: null, Task: { Status: TaskStatus.RUNNING, Progress: double p and >= 0 and <= 1 } } => p * 100,
            _ => Math.Max(lastValue, 0),
        };
        return (progress, Message(value.Task, value.BackingOff));
    }

    /// <summary>How a task's state reads to the people watching: "RUNNING 42%", "THROTTLED: queued by the provider";
    /// also the status message of an MCP task that follows it.</summary>
    public static string Message(RunwayTask? task, string? backingOff) => (task, backingOff) switch
    {
        (null, null) => "Waiting for the first answer",
        (null, { } why) => $"Waiting: {why}",
        (_, { } why) => $"{task.StatusText()}: waiting, {why}",
        ({ Status: TaskStatus.PENDING }, _) => "PENDING: queued",
        ({ Status: TaskStatus.THROTTLED }, _) => "THROTTLED: queued by the provider",
        ({ Status: TaskStatus.RUNNING, Progress: double p and >= 0 and <= 1 }, _) => string.Create(CultureInfo.InvariantCulture, $"RUNNING {Math.Round(p * 100)}%"),
        ({ Status: TaskStatus.RUNNING }, _) => "RUNNING",
        _ => task.StatusText() ?? "unknown status",
    };
}
