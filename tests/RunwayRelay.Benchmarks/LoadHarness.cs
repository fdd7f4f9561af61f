using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ModelContextProtocol.Client;
using RunwayRelay.Testing;

namespace RunwayRelay.Benchmarks;

/// <summary>
/// Load on the Streamable HTTP transport, loopback only: the real server process with its sandbox on 127.0.0.1,
/// many concurrent clients calling get_video_task, then many wait_for_video_task calls held open while the
/// calls go on (the soak), with the server's memory sampled throughout. Bounded in count and time.
/// </summary>
internal static class LoadHarness
{
    public static async Task<int> RunAsync(LoadSettings settings)
    {
        var port = UnusedLoopbackPort.Next();
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        using var server = StartServer(port, settings);
        try
        {
            await WaitUntilListeningAsync(port);
            var rss = new RssSampler(server.Id);
            using var sampling = new CancellationTokenSource();
            var sampler = rss.RunAsync(sampling.Token);

            var cpuAtStart = ServerCpu(server);
            var calls = await CallPhaseAsync(endpoint, settings.Clients, TimeSpan.FromSeconds(settings.Seconds), key => key);
            var afterCalls = rss.Current;
            var cpuAfterCalls = ServerCpu(server);
            var soak = await SoakPhaseAsync(endpoint, settings, () => rss.Current);
            var cpuAfterSoak = ServerCpu(server);
            await sampling.CancelAsync();
            await sampler;

            var report = Report(settings, calls with { ServerCpu = cpuAfterCalls - cpuAtStart }, soak with { Calls = soak.Calls with { ServerCpu = cpuAfterSoak - cpuAfterCalls } }, rss, afterCalls);
            Console.WriteLine(report);
            if (settings.Output is { } file)
            {
                await File.WriteAllTextAsync(file, report);
            }
            return calls.Errors == 0 && soak.Calls.Errors == 0 && soak.WaitErrors == 0 ? 0 : 1;
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private sealed record Phase(int Calls, int Errors, TimeSpan Duration, double[] LatenciesMs)
    {
        public double PerSecond => Calls / Duration.TotalSeconds;

        /// <summary>The server process's CPU (user + system, every thread, its embedded sandbox included) over the phase.</summary>
        public TimeSpan ServerCpu { get; init; }

        public double ServerCpuMicrosecondsPerCall => Calls == 0 ? double.NaN : ServerCpu.TotalMicroseconds / Calls;

        public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p * LatenciesMs.Length) - 1)];
    }

    private sealed record Soak(Phase Calls, int Waits, int WaitErrors, int WaitsHeldPeak, string? FirstWaitError, long MidSoakKb);

    private static async Task<Phase> CallPhaseAsync(Uri endpoint, int clients, TimeSpan duration, Func<string, string> keyFor)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await using var client = await ConnectAsync(endpoint, keyFor($"sk-sandbox-load-{i}"));
            var args = new Dictionary<string, object?> { ["task_id"] = $"demo-instant-{i}" };
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var t = Stopwatch.GetTimestamp();
                try
                {
                    var result = await client.CallToolAsync("get_video_task", args);
                    if (result.IsError == true)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new Phase(sorted.Length, errors, Stopwatch.GetElapsedTime(started), sorted);
    }

    private static async Task<Soak> SoakPhaseAsync(Uri endpoint, LoadSettings settings, Func<long> rssAtMid)
    {
        long midSoakKb;
        // Waits come from distinct callers (one relay key per 8 waits), so the per-caller cap is not what is measured.
        var waitErrors = 0;
        var firstWaitError = (string?)null;
        var held = 0;
        var peak = 0;
        var waits = Enumerable.Range(0, settings.Waits).Select(async i =>
        {
            // Each wait is held for the whole soak, longer than HttpClient's default 100 s timeout; the server-side
            // timeout_seconds bounds it, and this token bounds it again from here.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(settings.SoakSeconds + 60));
            await using var client = await ConnectAsync(endpoint, $"sk-sandbox-waiter-{i / 8}", TimeSpan.FromSeconds(settings.SoakSeconds + 60));
            Interlocked.Increment(ref held);
            InterlockedMax(ref peak, Volatile.Read(ref held));
            try
            {
                var result = await client.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = $"demo-new-status-{i}", ["timeout_seconds"] = settings.SoakSeconds }, cancellationToken: bound.Token);
                if (result.IsError == true || result.StructuredContent is null)
                {
                    Interlocked.Increment(ref waitErrors);
                    Interlocked.CompareExchange(ref firstWaitError, string.Join(" ", result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(b => b.Text)), null);
                }
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref waitErrors);
                Interlocked.CompareExchange(ref firstWaitError, e.GetType().Name + ": " + e.Message, null);
            }
            finally
            {
                Interlocked.Decrement(ref held);
            }
        }).ToArray();
        var callsTask = CallPhaseAsync(endpoint, settings.Clients, TimeSpan.FromSeconds(settings.SoakSeconds), key => key);
        // Memory at the soak's midpoint, to tell the second half's drift (steady state) from the ramp-up.
        await Task.Delay(TimeSpan.FromSeconds(settings.SoakSeconds / 2.0));
        midSoakKb = rssAtMid();
        var calls = await callsTask;
        await Task.WhenAll(waits);
        return new Soak(calls, settings.Waits, waitErrors, peak, firstWaitError, midSoakKb);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static Task<McpClient> ConnectAsync(Uri endpoint, string key, TimeSpan? timeout = null) =>
        McpClient.CreateAsync(new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["X-Relay-Key"] = key },
            },
            new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(30) },
            loggerFactory: null,
            ownsHttpClient: true));

    private static TimeSpan ServerCpu(Process server)
    {
        server.Refresh();
        return server.TotalProcessorTime;
    }

    private static Process StartServer(int port, LoadSettings settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "RunwayRelay.Mcp.dll"), "--sandbox", "--http",
            $"--Server:Urls=http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning",
            $"--Wait:MaxConcurrentWaits={Math.Max(256, settings.Waits)}",
            // The sandbox allows fast polling: waits then really stay open, polling, for the whole soak.
            "--Wait:PollIntervalSeconds=1", "--Wait:JitterSeconds=0.5",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"The server did not listen on 127.0.0.1:{port} within 30 s.");
    }

    private static string Report(LoadSettings settings, Phase calls, Soak soak, RssSampler rss, long afterCallsKb)
    {
        var text = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        text.AppendLine(ic, $"Load on the HTTP transport, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}: dotnet run -c Release --project tests/RunwayRelay.Benchmarks -- load --clients {settings.Clients} --seconds {settings.Seconds} --waits {settings.Waits} --soak-seconds {settings.SoakSeconds}");
        text.AppendLine();
        text.AppendLine("| phase | calls | errors | calls/s | p50 ms | p99 ms | server CPU µs per call |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        text.AppendLine(ic, $"| {settings.Clients} clients calling get_video_task for {settings.Seconds} s | {calls.Calls} | {calls.Errors} | {calls.PerSecond:F0} | {calls.Percentile(0.50):F1} | {calls.Percentile(0.99):F1} | {calls.ServerCpuMicrosecondsPerCall:F0} |");
        text.AppendLine(ic, $"| the same, while {soak.Waits} wait_for_video_task calls are held open ({settings.SoakSeconds} s soak) | {soak.Calls.Calls} | {soak.Calls.Errors} | {soak.Calls.PerSecond:F0} | {soak.Calls.Percentile(0.50):F1} | {soak.Calls.Percentile(0.99):F1} | {soak.Calls.ServerCpuMicrosecondsPerCall:F0} (the waits' polling included) |");
        text.AppendLine();
        text.AppendLine(ic, $"Waits: {soak.Waits} started, {soak.WaitsHeldPeak} held at once, {soak.WaitErrors} errors{(soak.FirstWaitError is { } e ? $" (first: {e})" : "")}.");
        text.AppendLine(ic, $"Server RSS: {rss.FirstKb / 1024.0:F0} MB at start, {afterCallsKb / 1024.0:F0} MB after the call phase, {soak.MidSoakKb / 1024.0:F0} MB halfway through the soak, {rss.Current / 1024.0:F0} MB at its end, {rss.PeakKb / 1024.0:F0} MB peak; drift over the soak's second half {rss.SoakDriftPercent(soak.MidSoakKb):F1} %.");
        return text.ToString();
    }
}
