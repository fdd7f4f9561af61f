using System.Net.Sockets;
using System.Text;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// One MCP call over a bare socket, for what an MCP client does not show: when the answer begins, and every byte of it
/// (comment lines, which clients drop, among them).
/// </summary>
internal sealed class RawHttpCall : IDisposable
{
    private readonly TcpClient socket;
    private readonly NetworkStream stream;
    private readonly StringBuilder received = new();

    private RawHttpCall(TcpClient socket)
    {
        this.socket = socket;
        stream = socket.GetStream();
    }

    /// <summary>How many bytes have arrived and not been read yet.</summary>
    public int Available => socket.Available;

    /// <summary>Everything read so far.</summary>
    public string Received => received.ToString();

    /// <summary>Sends a <c>tools/call</c> of <paramref name="tool"/> whose params are <paramref name="callParams"/>,
    /// under <paramref name="revision"/>; 2026-07-28 calls carry the per-request metadata that revision requires.</summary>
    public static async Task<RawHttpCall> SendAsync(Uri endpoint, string revision, string tool, string callParams, CancellationToken cancellationToken)
    {
        var meta = revision == "2026-07-28"
            ? """, "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientInfo": {"name": "test", "version": "1.0"}, "io.modelcontextprotocol/clientCapabilities": {}}"""
            : "";
        var body = $$"""{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "{{tool}}", {{callParams}}{{meta}}""" + "}}";
        var request = $"POST {endpoint.AbsolutePath} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Type: application/json\r\n"
            + $"Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: {revision}\r\nMcp-Method: tools/call\r\nMcp-Name: {tool}\r\n"
            + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            var call = new RawHttpCall(socket);
            await call.stream.WriteAsync(Encoding.UTF8.GetBytes(request), cancellationToken);
            return call;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads until what has arrived holds <paramref name="expected"/> after what was read before, and returns
    /// what this read added; fails after <see cref="CapturedLogs.Patience"/>.</summary>
    public async Task<string> ReadUntilAsync(string expected, CancellationToken cancellationToken)
    {
        var from = received.Length;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(CapturedLogs.Patience);
        var buffer = new byte[8192];
        while (received.ToString(from, received.Length - from).IndexOf(expected, StringComparison.Ordinal) < 0)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, patience.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no {expected} within {CapturedLogs.Patience.TotalSeconds} s; received: {received}");
            }
            Assert.True(read > 0, $"the connection closed before {expected}: {received}");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return received.ToString(from, received.Length - from);
    }

    public void Dispose() => socket.Dispose();
}
