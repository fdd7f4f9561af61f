using System.Net;
using System.Net.Sockets;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A server on 127.0.0.1 that speaks another protocol (an SSH banner), as a base URL with the wrong port finds.</summary>
internal sealed class NotHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task serving;

    public NotHttpServer()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        serving = ServeAsync(stopping.Token);
    }

    public int Port { get; }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
                try
                {
                    await connection.GetStream().WriteAsync("SSH-2.0-OpenSSH_9.6\r\n"u8.ToArray(), cancellationToken);
                }
                catch (IOException)
                {
                    // The client hung up first: the next one is served all the same.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await serving.WaitAsync(CapturedLogs.Patience);
        stopping.Dispose();
    }
}
