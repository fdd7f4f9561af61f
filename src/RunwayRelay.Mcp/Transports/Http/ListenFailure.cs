using System.Net.Sockets;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>Why the HTTP listener could not bind, in a few words for the one-line start-up error.</summary>
internal static class ListenFailure
{
    /// <summary>Whether <paramref name="failure"/> is Kestrel failing to bind: an address in use comes wrapped in an
    /// <see cref="IOException"/>, other socket errors (an address this machine does not have) come bare.</summary>
    public static bool IsBindFailure(Exception failure) => failure is IOException or SocketException;

    public static string Describe(Exception failure) => (failure as SocketException ?? failure.InnerException as SocketException)?.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AddressNotAvailable => "no such address on this machine",
        SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
        _ when failure.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) => "address already in use",
        _ => failure.Message.Split('\n')[0].Trim(),
    };
}
