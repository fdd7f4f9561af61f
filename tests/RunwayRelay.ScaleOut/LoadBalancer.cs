using System.Diagnostics;
using System.Globalization;
using RunwayRelay.Testing;

namespace RunwayRelay.ScaleOut;

/// <summary>HAProxy with the repository's own configuration (src/RunwayRelay.Mcp/Deployment/haproxy.cfg), its
/// addresses given through the environment as the configuration expects.</summary>
internal sealed class LoadBalancer : IDisposable
{
    private readonly Process process;

    private LoadBalancer(int port, Process process)
    {
        Port = port;
        this.process = process;
    }

    public int Port { get; }

    public static LoadBalancer Start(string configuration, IReadOnlyList<ServerInstance> instances)
    {
        var port = UnusedLoopbackPort.Next();
        var start = new ProcessStartInfo("haproxy") { RedirectStandardOutput = true, RedirectStandardError = true };
        // -db: stay in the foreground, so the process ends with this one.
        foreach (var arg in new[] { "-db", "-f", configuration })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["MCP_BIND"] = $"127.0.0.1:{port}";
        for (var i = 0; i < instances.Count; i++)
        {
            start.Environment[$"MCP_{(i + 1).ToString(CultureInfo.InvariantCulture)}"] = $"127.0.0.1:{instances[i].Port}";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("haproxy did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line && (line.Contains("ALERT", StringComparison.Ordinal) || line.Contains("WARNING", StringComparison.Ordinal))) { Console.Error.WriteLine($"haproxy: {line}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LoadBalancer(port, process);
    }

    public bool HasExited => process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
        process.Dispose();
    }
}
