using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace RunwayRelay.Mcp.Http;

/// <summary>Requires <c>Authorization: Bearer &lt;Server:BearerToken&gt;</c> on the MCP endpoint, compared in constant time.</summary>
internal sealed class BearerTokenGuard(RequestDelegate next, string token)
{
    private readonly byte[] expected = Encoding.UTF8.GetBytes($"Bearer {token}");

    public Task InvokeAsync(HttpContext context)
    {
        var presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (CryptographicOperations.FixedTimeEquals(presented, expected))
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Missing or wrong bearer token for this MCP server (Authorization: Bearer <token>)."}}""");
    }
}
