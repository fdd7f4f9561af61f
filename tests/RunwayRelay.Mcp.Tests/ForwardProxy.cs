using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// An HTTP forward proxy on 127.0.0.1, as <c>HTTP_PROXY</c> names one: it takes requests in absolute form
/// (<c>GET http://relay.invalid:1234/path</c>) and sends them on to the relay it was given whatever host they name, so
/// a relay host that only the proxy can reach is reached through it, once the client sends credentials if it was told
/// to ask for them (407, as proxies that want them answer); a <c>CONNECT</c> (for an https relay) becomes a tunnel to
/// that relay, the TLS inside it the relay's own; or it refuses every request, <c>CONNECT</c> included, with the
/// status it was given.
/// </summary>
internal sealed class ForwardProxy : LoopbackTcpServer
{
    private readonly Uri? relay;
    private readonly int? refuseWith;
    private readonly bool askForCredentials;

    public ForwardProxy(Uri? relay = null, int? refuseWith = null, bool askForCredentials = false)
    {
        this.relay = relay;
        this.refuseWith = refuseWith;
        this.askForCredentials = askForCredentials;
        Start();
    }

    /// <summary>This proxy in every variable .NET reads one from (both spellings) and no <c>NO_PROXY</c>, as on a machine
    /// where one proxy is set for everything: environment variables for a server process.</summary>
    public Dictionary<string, string?> InEveryVariable()
    {
        var environment = new Dictionary<string, string?>();
        foreach (var variable in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY" })
        {
            environment[variable] = environment[variable.ToLowerInvariant()] = $"http://127.0.0.1:{Port}";
        }
        environment["NO_PROXY"] = environment["no_proxy"] = null;
        return environment;
    }

    /// <summary>Each request's first line, and whether it carried <c>Proxy-Authorization</c>.</summary>
    public ConcurrentQueue<(string RequestLine, bool WithCredentials)> Requests { get; } = new();

    // One request a connection: the answer says Connection: close, so the client opens a new one for the next.
    protected override async Task ServeOneAsync(NetworkStream client, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(client, cancellationToken);
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var withCredentials = lines.Any(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase));
        Requests.Enqueue((lines[0], withCredentials));
        var refusing = askForCredentials && !withCredentials ? 407 : refuseWith;
        if (refusing is not null || relay is null)
        {
            var refusal = $"HTTP/1.1 {refusing ?? 502} Refused\r\nProxy-Authenticate: Basic realm=\"tests\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await client.WriteAsync(Encoding.ASCII.GetBytes(refusal), cancellationToken);
            return;
        }
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(relay.Host, relay.Port, cancellationToken);
        var relayStream = upstream.GetStream();
        var parts = lines[0].Split(' ');
        if (parts[0] == "CONNECT")
        {
            await client.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), cancellationToken);
            // Until either side closes: the client's TLS handshake and requests one way, the relay's answers the other.
            await Task.WhenAny(client.CopyToAsync(relayStream, cancellationToken), relayStream.CopyToAsync(client, cancellationToken));
            return;
        }
        // The absolute-form target becomes a path on the relay; the proxy's own headers stay here.
        var target = new Uri(parts[1]);
        var forwarded = new StringBuilder($"{parts[0]} {target.PathAndQuery} {parts[2]}\r\n");
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
        {
            forwarded.Append(line).Append("\r\n");
        }
        forwarded.Append("Connection: close\r\n\r\n");
        await relayStream.WriteAsync(Encoding.ASCII.GetBytes(forwarded.ToString()), cancellationToken);
        await relayStream.CopyToAsync(client, cancellationToken);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The client closed before its request head ended.");
            }
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }
}
