using System.Net.Sockets;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A server on 127.0.0.1 that speaks another protocol (an SSH banner), as a base URL with the wrong port finds.</summary>
internal sealed class NotHttpServer : LoopbackTcpServer
{
    public NotHttpServer() => Start();

    protected override Task ServeOneAsync(NetworkStream client, CancellationToken cancellationToken) =>
        client.WriteAsync("SSH-2.0-OpenSSH_9.6\r\n"u8.ToArray(), cancellationToken).AsTask();
}
