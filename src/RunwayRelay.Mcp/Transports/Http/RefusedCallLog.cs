using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>One warning line per HTTP call the server refuses before MCP sees it; never a header's value.</summary>
internal static partial class RefusedCallLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: {Status}, {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, int status, string reason);
}
