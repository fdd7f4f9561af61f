using System.Net;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>The browser origins that may call the HTTP transport: loopback ones, and those in
/// <see cref="ServerOptions.AllowedOrigins"/>. One answer for the Origin guard and for CORS.</summary>
internal sealed class BrowserOrigins(IOptions<ServerOptions> server)
{
    private readonly HashSet<string> listed = new(server.Value.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public bool Allows(string origin) =>
        listed.Contains(origin.TrimEnd('/'))
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackName(uri.Host));

    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
