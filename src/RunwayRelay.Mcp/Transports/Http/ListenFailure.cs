using System.Net.Sockets;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>Why the HTTP listener could not bind, in a few words for the one-line start-up error.</summary>
internal static class ListenFailure
{
    public static string Describe(IOException failure) => (failure.InnerException as SocketException)?.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AddressNotAvailable => "no such address on this machine",
        SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
        _ when failure.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) => "address already in use",
        _ => failure.Message.Split('\n')[0].Trim(),
    };
}
