using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>Requires <c>Authorization: Bearer &lt;Server:BearerToken&gt;</c> on the MCP endpoint: the scheme in any case
/// (RFC 9110 §11.1), the token compared in constant time. Without <see cref="ServerOptions.BearerToken"/> every call passes.</summary>
internal sealed class BearerTokenGuard(RequestDelegate next, IOptions<ServerOptions> server, ILogger<BearerTokenGuard> logger)
{
    private readonly byte[]? expected = server.Value.BearerToken is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (expected is null)
        {
            return next(context);
        }
        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var schemeIsBearer = space > 0 && header.AsSpan(0, space).Equals("Bearer", StringComparison.OrdinalIgnoreCase);
        var presented = Encoding.UTF8.GetBytes(schemeIsBearer ? header[(space + 1)..].Trim() : string.Empty);
        if (schemeIsBearer && CryptographicOperations.FixedTimeEquals(presented, expected))
        {
            return next(context);
        }
        RefusedCallLog.Refused(logger, context, StatusCodes.Status401Unauthorized, header.Length == 0 ? "no bearer token" : "wrong bearer token");
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return RefusedCallAnswer.WriteAsync(context, StatusCodes.Status401Unauthorized, -32001, "Missing or wrong bearer token for this MCP server (Authorization: Bearer <token>).");
    }
}
