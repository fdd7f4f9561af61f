using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RunwayRelay.Testing;

namespace RunwayRelay.ScaleOut;

/// <summary>One runway-relay-mcp process in HTTP mode on a loopback port, as an operator would run it behind a balancer.</summary>
internal sealed class ServerInstance : IDisposable
{
    private readonly Process process;

    private ServerInstance(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        this.process = process;
    }

    public string Name { get; }

    /// <summary>The <c>service.instance.id</c> its telemetry carries, as an orchestrator would set it.</summary>
    public string InstanceId => InstanceIdOf(Name);

    public int Port { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the server next to this program (the project reference copies it) against <paramref name="relay"/>,
    /// exporting its telemetry to <paramref name="collector"/> as <see cref="InstanceId"/>.</summary>
    public static ServerInstance Start(string name, Uri relay, TimeSpan shutdownTimeout, Uri collector)
    {
        var port = UnusedLoopbackPort.Next();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.AbsoluteUri;
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        start.Environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={InstanceIdOf(name)}";
        start.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        start.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "RunwayRelay.Mcp.dll"), "--http",
            $"--Server:Urls=http://127.0.0.1:{port}", $"--Relay:BaseUrl={relay.AbsoluteUri}",
            $"--Server:ShutdownTimeout={shutdownTimeout:c}", "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerInstance(name, port, process);
    }

    /// <summary>Completes once the instance accepts connections; throws after <paramref name="patience"/>.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (true)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, Port, deadline.Token);
                return;
            }
            catch (SocketException) when (!deadline.IsCancellationRequested && !process.HasExited)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the server drains and exits by itself.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the instance is gone at once, mid-call.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>Waits for the process to end, at most <paramref name="patience"/>; false if it is still running.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
    }

    private static string InstanceIdOf(string name) => $"scale-out-{name}";
}
