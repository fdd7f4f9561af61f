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
        var task = value.Task;
        if (value.BackingOff is { } why)
        {
            return (Math.Max(lastValue, 0), task is null ? $"Waiting: {why}" : $"{task.StatusText()}: waiting, {why}");
        }
        if (task is null)
        {
            return (Math.Max(lastValue, 0), "Waiting for the first answer");
        }
        return task.Status switch
        {
            TaskStatus.PENDING => (0, "PENDING: queued"),
            TaskStatus.THROTTLED => (0, "THROTTLED: queued by the provider"),
            TaskStatus.RUNNING => task.Progress is double p and >= 0 and <= 1
                ? (p * 100, string.Create(CultureInfo.InvariantCulture, $"RUNNING {Math.Round(p * 100)}%"))
                : (Math.Max(lastValue, 0), "RUNNING"),
            _ => (Math.Max(lastValue, 0), task.StatusText() ?? "unknown status"),
        };
    }
}
