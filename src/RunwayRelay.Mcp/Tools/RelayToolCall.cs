using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// The one path both tools take around their relay read: the checks before anything is sent (the id, then which key),
/// the read itself, and whatever it throws turned into a named tool error; each step leaves its log line.
/// </summary>
internal sealed partial class RelayToolCall(RelayKeyChoice keys, RelayFailureTranslator failures, IOptions<RelayOptions> relay)
{
    /// <summary>Runs <paramref name="read"/> with the key for this call, unless the checks refuse it first; a refusal
    /// or a failure is the tool result of its named error.</summary>
    /// <param name="stopping">Cancellation that ends the call without a result (the caller's, or the wait's own).</param>
    public async Task<CallToolResult> RunAsync(string tool, string taskId, ILogger logger, Func<string?, Task<CallToolResult>> read, CancellationToken stopping)
    {
        var (result, error) = await ReadAsync(tool, taskId, logger, read, stopping).ConfigureAwait(false);
        return error?.ToResult() ?? result!;
    }

    /// <summary>Runs <paramref name="read"/> as <see cref="RunAsync"/> does, and returns either its value or the named
    /// error, for callers that answer errors otherwise than as a tool result (resources/read).</summary>
    public async Task<(T? Value, ToolError? Error)> ReadAsync<T>(string tool, string taskId, ILogger logger, Func<string?, Task<T>> read, CancellationToken stopping)
        where T : class
    {
        var (callerKey, refused) = ToolPreflight.Check(taskId, keys);
        if (refused is not null)
        {
            LogRefused(logger, tool, refused.Kind);
            return (null, refused);
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            return (await read(callerKey).ConfigureAwait(false), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            string?[] secrets = [callerKey, relay.Value.ApiKey];
            var error = failures.Translate(exception, taskId, relay.Value.Timeout, secrets);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (error.Kind == RelayFailureTranslator.InternalErrorKind)
            {
                // The agent is told to report this with the server's log, so the log carries what went wrong and where.
                LogFailedUnexpectedly(logger, tool, taskId, error.Kind, elapsedMs, RelayErrorMessages.Scrub(exception.ToString(), secrets));
            }
            else
            {
                LogFailed(logger, tool, taskId, error.Kind, elapsedMs);
            }
            return (null, error);
        }
    }

    /// <summary>The result of a call that a check outside this path (the arguments' shape, the timeout, the wait caps)
    /// refused before anything was sent, with the same log line as the refusals of this path.</summary>
    public static CallToolResult Refuse(ILogger logger, string tool, ToolError refusal)
    {
        LogRefused(logger, tool, refusal.Kind);
        return refusal.ToResult();
    }

    // The id is left out: a refused one may hold anything, line breaks included.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool} refused before calling the relay: {Kind}")]
    private static partial void LogRefused(ILogger logger, string tool, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool} {TaskId} failed: {Kind} after {ElapsedMs:F0} ms")]
    private static partial void LogFailed(ILogger logger, string tool, string taskId, string kind, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Tool} {TaskId} failed: {Kind} after {ElapsedMs:F0} ms: {Exception}")]
    private static partial void LogFailedUnexpectedly(ILogger logger, string tool, string taskId, string kind, double elapsedMs, string exception);
}
