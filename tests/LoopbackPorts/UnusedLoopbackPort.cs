using System.Net;
using System.Net.Sockets;

namespace RunwayRelay.Testing;

/// <summary>
/// A port on 127.0.0.1 that nothing listens on: for a server a test starts there, or a relay that is not there.
/// Chosen below the system's ephemeral range, as the shell checks choose theirs: every bind to port 0 (a sandbox, a
/// scripted relay, another test's server) and every outgoing connection takes its port from that range, so none of
/// them can take this one between its choice and its use, as they can a port the system gave out and took back.
/// </summary>
public static class UnusedLoopbackPort
{
    private const int Lowest = 20_000;

    // Linux's. Where it cannot be read, or leaves too little below it, 32768: the usual defaults are at or above it
    // (Linux's 32768, Windows' and macOS's 49152).
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    public static int Next()
    {
        var below = File.Exists(EphemeralRange) && int.TryParse(File.ReadAllText(EphemeralRange).Split('\t', ' ')[0], out var start) && start > Lowest + 1_000 ? start : 32_768;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(Lowest, below);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Something listens there: try another.
            }
        }
        throw new InvalidOperationException($"No unused port on 127.0.0.1 between {Lowest} and {below} after 100 tries.");
    }
}
