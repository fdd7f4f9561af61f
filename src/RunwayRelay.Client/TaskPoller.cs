using System.Globalization;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Microsoft.Kiota.Abstractions;
using Polly.Timeout;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client;

/// <summary>
/// Polls a task until it ends or the timeout passes, as Runway's own SDKs do: a jittered interval never below
/// 5 s, <c>Retry-After</c> honoured, back-off on 408, 429, 5xx and network failures, a few more looks when the relay does
/// not know a task yet, and an immediate stop on any other error (401, 404, a base URL whose host, port, TLS or protocol is wrong, ...).
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
        var requests = new RelayRequestCount();
        var failuresInARow = 0;
        var notYetVisible = 0;
        RunwayTask? last = null;
        // Whether the relay has answered at all (a task, or an error of its own): then the base URL is right.
        var relayAnswered = false;
        // The last failed poll's error: thrown when no task was read and no further poll fits, and otherwise why a
        // wait that timed out after failed polls got no fresher task.
        Exception? unanswered = null;
        // When the task was last read: a wait that times out after failed polls says how long ago.
        var lastReadAt = TimeSpan.Zero;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan delay;
            string? backingOff = null;
            // No request outlives the wait: each gets what is left of it. The network takes real time whatever clock
            // the waits between polls run on, so this deadline runs on the system clock.
            var left = options.Timeout - time.GetElapsedTime(started);
            using var deadline = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                last = await client.GetTaskAsync(taskId, options.ApiKey, requests, call.Token).ConfigureAwait(false);
                relayAnswered = true;
                failuresInARow = 0;
                lastReadAt = time.GetElapsedTime(started);
                if (last.IsTerminal())
                {
                    progress?.Report(new TaskWaitProgress(last, requests.Sent, time.GetElapsedTime(started), null));
                    return new TaskWaitResult(last, time.GetElapsedTime(started), requests.Sent, TimedOut: false);
                }
                delay = options.NextDelay(Random.Shared.NextDouble());
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return last is null
                    ? throw new TimeoutException($"The relay did not answer task {taskId} within the wait's {options.Timeout.TotalSeconds:0.#} seconds.")
                    : TimedOut(time.GetElapsedTime(started));
            }
            catch (TaskNotFoundError gone) when (last is not null)
            {
                // Seen, then gone: cancelled or deleted meanwhile. Say so, rather than leave the id in doubt.
                gone.LastSeen = last;
                throw;
            }
            catch (RelayErrorAnswerException error) when (last is null)
            {
                relayAnswered = true;
                // A relay may answer with its own "no such task" for a few seconds after the task was created: CometAPI's
                // page for this path says to wait a few seconds and ask again before taking the id for wrong
                // (apidoc.cometapi.com/api/video/runway/official-format/runway-to-get-task-details). The count lets the
                // caller's message say it was asked again.
                error.TimesAnswered = ++notYetVisible;
                if (notYetVisible > options.NotYetVisibleRetries)
                {
                    throw;
                }
                delay = options.NextDelay(Random.Shared.NextDouble());
                backingOff = "the relay does not know the task yet";
                unanswered = error;
            }
            catch (Exception error) when (IsTransient(error, relayAnswered, cancellationToken))
            {
                relayAnswered |= error is ApiException;
                failuresInARow++;
                var asked = error is ApiException api ? RetryAfterHeader.Read(api, time) : null;
                var backoff = options.PollInterval * Math.Pow(2, Math.Min(failuresInARow - 1, 10));
                delay = asked ?? (backoff < options.MaximumBackoff ? backoff : options.MaximumBackoff);
                var floor = options.AllowIntervalBelowMinimum ? TimeSpan.Zero : TaskWaitOptions.MinimumPollInterval;
                delay = delay < floor ? floor : delay;
                backingOff = Reason(error);
                unanswered = error;
            }

            var elapsed = time.GetElapsedTime(started);
            var fitsAnotherPoll = elapsed + delay <= options.Timeout;
            if (last is null && !fitsAnotherPoll)
            {
                // Nothing was read and nothing more will be: the reason is the last error.
                ExceptionDispatchInfo.Throw(unanswered!);
            }
            if (backingOff is not null && fitsAnotherPoll)
            {
                // People watching a wait that is not moving want to know when it will look again.
                backingOff = string.Create(CultureInfo.InvariantCulture, $"{backingOff}; asking again in {Math.Ceiling(delay.TotalSeconds)} s");
            }
            progress?.Report(new TaskWaitProgress(last, requests.Sent, elapsed, backingOff));
            if (!fitsAnotherPoll)
            {
                // No further poll fits before the deadline: hand back what is known; a new wait resumes.
                return TimedOut(elapsed);
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }

        TaskWaitResult TimedOut(TimeSpan elapsed) => new(last!, elapsed, requests.Sent, TimedOut: true)
        {
            // Once a task has been read, only the errors a wait rides out leave it polling: the last one is why.
            Stall = failuresInARow > 0 ? new TaskWaitStall(failuresInARow, Reason(unanswered!), elapsed - lastReadAt) : null,
        };
    }

    // Why a poll got no task, in words a person can act on.
    private static string Reason(Exception error) =>
        error is RateLimitedError ? "rate limited by the relay" : $"the relay is failing ({Cause(error)})";

    // What went wrong: the status or the system's words, never the relay's own text, which may echo what it was sent.
    private static string Cause(Exception error) => error switch
    {
        ApiException api => string.Create(CultureInfo.InvariantCulture, $"HTTP {api.ResponseStatusCode}"),
        HttpRequestException http when http.GetBaseException() is SocketException socket => socket.Message,
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection closed before the answer ended",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "its host name does not resolve",
        HttpRequestException => "the connection failed",
        _ => "no answer in time",
    };

    private static bool IsTransient(Exception error, bool relayAnswered, CancellationToken cancellationToken) => error switch
    {
        RateLimitedError or RelayUnavailableError => true,
        // Any 5xx is the relay's or Runway's trouble, whatever body came with it; a 408 is the relay giving up on the
        // request, which Runway's own SDKs retry too.
        ApiException { ResponseStatusCode: 408 or >= 500 } => true,
        // A host name that does not resolve, a TLS handshake that fails, an answer that is not HTTP or a port where
        // nothing listens (still refused after the client's own retries) before the relay ever answered is the base URL
        // to fix, or a relay not running, which polling until the timeout would only hide; once it has answered, the
        // same error is the network's. An unreachable network is the network's either way. A proxy that will not connect
        // to the relay (it wants credentials, or does not reach or allow the relay's host) is a setting to fix too.
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.InvalidResponse or HttpRequestError.ProxyTunnelError } => relayAnswered,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => relayAnswered,
        HttpRequestException => true,
        // An attempt (Relay:Timeout) or the call (Relay:TotalTimeout) ran out of time: the next poll may fare better.
        TimeoutRejectedException => true,
        // HttpClient's own timeout, not the caller's cancellation.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
