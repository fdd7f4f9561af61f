using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Every log line the server writes, kept so tests can search it (for a leaked key, say).</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> waiters = [];

    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>How long a test waits for a log line before it fails: a regression fails in seconds, never hangs.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Completes when a line matching <paramref name="match"/> is (or was) written; throws
    /// <see cref="TimeoutException"/> after <see cref="Patience"/>.</summary>
    public Task WaitForAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waiters)
        {
            if (Lines.Any(match))
            {
                return Task.CompletedTask;
            }
            waiters.Add((match, seen));
        }
        return seen.Task.WaitAsync(Patience, cancellationToken);
    }

    private void Add(string line)
    {
        lock (waiters)
        {
            Lines.Enqueue(line);
            foreach (var waiter in waiters.Where(w => w.Match(line)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
