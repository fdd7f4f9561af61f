using Microsoft.Kiota.Abstractions;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client;

/// <summary>
/// Polls a task until it ends or the timeout passes, as Runway's own SDKs do: a jittered interval never below
/// 5 s, <c>Retry-After</c> honoured, back-off on 429 and 5xx, and an immediate stop on any other error (401, 404, ...).
/// </summary>
internal static class TaskPoller
{
    public static async Task<TaskWaitResult> WaitAsync(
        RunwayRelayClient client, string taskId, TaskWaitOptions options, IProgress<TaskWaitProgress>? progress, CancellationToken cancellationToken)
    {
        options.ThrowIfInvalid();
        TaskIdRules.ThrowIfInvalid(taskId);
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        var requests = 0;
        var failuresInARow = 0;
        RunwayTask? last = null;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan delay;
            string? backingOff = null;
            try
            {
                requests++;
                last = await client.GetTaskAsync(taskId, options.ApiKey, cancellationToken).ConfigureAwait(false);
                failuresInARow = 0;
                if (last.IsTerminal())
                {
                    progress?.Report(new TaskWaitProgress(last, requests, time.GetElapsedTime(started), null));
                    return new TaskWaitResult(last, time.GetElapsedTime(started), requests, TimedOut: false);
                }
                delay = options.NextDelay(Random.Shared.NextDouble());
            }
            catch (Exception error) when (IsTransient(error, cancellationToken))
            {
                failuresInARow++;
                var asked = error is ApiException api ? RetryAfterHeader.Read(api, time) : null;
                var backoff = options.PollInterval * Math.Pow(2, Math.Min(failuresInARow - 1, 10));
                delay = asked ?? (backoff < options.MaximumBackoff ? backoff : options.MaximumBackoff);
                var floor = options.AllowIntervalBelowMinimum ? TimeSpan.Zero : TaskWaitOptions.MinimumPollInterval;
                delay = delay < floor ? floor : delay;
                backingOff = error is RateLimitedError ? "rate limited by the relay" : "the relay is failing";
                if (time.GetElapsedTime(started) + delay > options.Timeout && last is null)
                {
                    throw;
                }
            }

            var elapsed = time.GetElapsedTime(started);
            progress?.Report(new TaskWaitProgress(last, requests, elapsed, backingOff));
            if (elapsed + delay > options.Timeout)
            {
                // No further poll fits before the deadline: hand back what is known; a new wait resumes.
                return new TaskWaitResult(last!, elapsed, requests, TimedOut: true);
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(Exception error, CancellationToken cancellationToken) => error switch
    {
        RateLimitedError or RelayUnavailableError => true,
        // Any 5xx is the relay's or Runway's trouble, whatever body came with it.
        ApiException { ResponseStatusCode: >= 500 } => true,
        HttpRequestException => true,
        // HttpClient's own timeout, not the caller's cancellation.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
