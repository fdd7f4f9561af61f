using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// Defends the HTTP transport against DNS rebinding: a page on another site that resolves its own name to
/// 127.0.0.1 still sends its own <c>Host</c> and <c>Origin</c>, and both must be ones this server knows.
/// Loopback names are always allowed; others come from <see cref="ServerOptions.AllowedHosts"/> and <see cref="ServerOptions.AllowedOrigins"/>.
/// </summary>
internal sealed class HostAndOriginGuard(RequestDelegate next, IOptions<ServerOptions> server, BrowserOrigins origins, ILogger<HostAndOriginGuard> logger)
{
    private readonly HashSet<string> hosts = new(server.Value.AllowedHosts, StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (string.IsNullOrEmpty(host) || !(BrowserOrigins.IsLoopbackName(host) || hosts.Contains(host)))
        {
            RefusedCallLog.Refused(logger, context, StatusCodes.Status403Forbidden, "Host not allowed");
            return RefusedCallAnswer.WriteAsync(context, StatusCodes.Status403Forbidden, -32000, "Host header not allowed. Add the name to Server:AllowedHosts if this server is meant to be reached by it.");
        }
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !origins.Allows(origin))
        {
            RefusedCallLog.Refused(logger, context, StatusCodes.Status403Forbidden, "Origin not allowed");
            return RefusedCallAnswer.WriteAsync(context, StatusCodes.Status403Forbidden, -32000, "Origin not allowed. Add it to Server:AllowedOrigins if this page is meant to call the server.");
        }
        return next(context);
    }
}
