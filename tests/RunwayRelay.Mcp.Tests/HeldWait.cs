using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// A <c>wait_for_video_task</c> on a task that never ends, holding its wait slot from its first poll on; disposing it
/// cancels the call and sees it end.
/// </summary>
internal sealed class HeldWait : IAsyncDisposable
{
    private readonly Task call;
    private readonly CancellationTokenSource stop;

    private HeldWait(Task call, CancellationTokenSource stop) => (this.call, this.stop) = (call, stop);

    /// <summary>Starts the wait and returns once its first poll is reported: from then on it holds its slot.</summary>
    public static async Task<HeldWait> StartAsync(McpClient client, CancellationToken cancellationToken)
    {
        var firstPoll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = client.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-never-ends", ["timeout_seconds"] = 600 },
            new Progress<ProgressNotificationValue>(_ => firstPoll.TrySetResult()), cancellationToken: stop.Token).AsTask();
        var held = new HeldWait(call, stop);
        try
        {
            await firstPoll.Task.WaitAsync(CapturedLogs.Patience, cancellationToken);
            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(CapturedLogs.Patience));
        stop.Dispose();
    }
}
