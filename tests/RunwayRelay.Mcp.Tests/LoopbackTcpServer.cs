using System.Net;
using System.Net.Sockets;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A TCP server on 127.0.0.1 for the fakes that are not HTTP servers (a forward proxy, a port that speaks
/// another protocol): it accepts connections one after another and hands each to <see cref="ServeOneAsync"/> until
/// it is disposed.</summary>
internal abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private Task serving = Task.CompletedTask;

    public int Port { get; private set; }

    /// <summary>Starts listening; called by the derived class once its own fields are set.</summary>
    protected void Start()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        serving = ServeAsync(stopping.Token);
    }

    /// <summary>Serves one connection; an <see cref="IOException"/> (the client hung up first) ends only that one.</summary>
    protected abstract Task ServeOneAsync(NetworkStream client, CancellationToken cancellationToken);

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
                try
                {
                    await ServeOneAsync(connection.GetStream(), cancellationToken);
                }
                catch (IOException)
                {
                    // The client hung up first: the next one is served all the same.
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the listener is stopped under the loop, so the next accept may throw "Not listening"
            // (InvalidOperationException) before it looks at the token, and a connection in progress may end in a
            // socket error; however it ends, the server has stopped.
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
