using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The built server as a child process over stdio, with raw access to its streams.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly Task reader;
    private readonly Task errorReader;
    private readonly SemaphoreSlim stderrLine = new(0);

    private ServerProcess(Process process)
    {
        this.process = process;
        reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Stdout.Add(line);
            }
            Stdout.CompleteAdding();
        });
        errorReader = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                Stderr.Enqueue(line);
                stderrLine.Release();
            }
        });
    }

    public BlockingCollection<string> Stdout { get; } = [];

    public ConcurrentQueue<string> Stderr { get; } = new();

    public Process Process => process;

    public static ServerProcess Start(params string[] args) => StartIn(Environment.CurrentDirectory, args);

    /// <summary>Started from <paramref name="workingDirectory"/>, as a host may start it from anywhere.</summary>
    public static ServerProcess StartIn(string workingDirectory, params string[] args) => StartIn(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>With these environment variables added, as an operator sets the server's settings.</summary>
    public static ServerProcess StartWith(IReadOnlyDictionary<string, string?> environment, params string[] args) => StartIn(Environment.CurrentDirectory, environment, args);

    private static ServerProcess StartIn(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RunwayRelay.Mcp.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return new ServerProcess(Process.Start(start)!);
    }

    /// <summary>The MCP handshake (initialize, then initialized), as any client starts.</summary>
    public async Task InitializeAsync()
    {
        await WriteLineAsync("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"tests","version":"1"}}}""");
        if (WaitForLine("\"id\":\"init\"", TimeSpan.FromSeconds(30)) is null)
        {
            throw new InvalidOperationException("The server did not answer initialize: " + string.Join("\n", Stderr.TakeLast(20)));
        }
        await WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
    }

    public async Task WriteLineAsync(string line)
    {
        await process.StandardInput.WriteAsync(line + "\n");
        await process.StandardInput.FlushAsync();
    }

    public async Task WriteBytesAsync(byte[] bytes)
    {
        await process.StandardInput.BaseStream.WriteAsync(bytes);
        await process.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>The next stdout line containing <paramref name="marker"/>, or null when the process ends or the time is up.</summary>
    public string? WaitForLine(string marker, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (!Stdout.TryTake(out var line, deadline - DateTime.UtcNow))
            {
                return null;
            }
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return line;
            }
        }
        return null;
    }

    /// <summary>Whether a stderr line containing <paramref name="marker"/> arrives within the time given; woken by each line.</summary>
    public async Task<bool> WaitForStderrAsync(string marker, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (!Stderr.Any(l => l.Contains(marker, StringComparison.Ordinal)))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await stderrLine.WaitAsync(left, cancellationToken))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The MCP endpoint the HTTP start line names (the first, with the port the system gave a configured port 0),
    /// or null when that line does not come within 30 s.</summary>
    public async Task<Uri?> McpEndpointAsync(CancellationToken cancellationToken)
    {
        const string StartLine = "MCP over Streamable HTTP (stateless) at ";
        if (!await WaitForStderrAsync(StartLine, TimeSpan.FromSeconds(30), cancellationToken))
        {
            return null;
        }
        var line = Stderr.First(l => l.Contains(StartLine, StringComparison.Ordinal));
        var start = line.IndexOf(StartLine, StringComparison.Ordinal) + StartLine.Length;
        return new Uri(line[start..line.IndexOfAny([',', ';'], start)]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        // Bounded: a process that outlives its kill, or a stream a grandchild holds open, fails the test by name
        // instead of holding the run until the hang timeout.
        await process.WaitForExitAsync().WaitAsync(ExitPatience);
        await Task.WhenAll(reader, errorReader).WaitAsync(ExitPatience);
        process.Dispose();
        Stdout.Dispose();
        stderrLine.Dispose();
    }
}
