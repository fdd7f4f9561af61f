using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>One warning line per HTTP call the server refuses before MCP sees it, naming the caller's address (behind a
/// trusted balancer, the one it forwarded) for whoever watches for abuse; never a header's value.</summary>
internal static partial class RefusedCallLog
{
    public static void Refused(ILogger logger, HttpContext context, int status, string reason) =>
        Refused(logger, context.Request.Method, context.Request.Path.Value ?? "/", Client(context.Connection.RemoteIpAddress), status, reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Client}: {Status}, {Reason}")]
    private static partial void Refused(ILogger logger, string method, string path, string client, int status, string reason);

    private static string Client(IPAddress? address) =>
        address is null ? "an unknown address" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
