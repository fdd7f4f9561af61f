using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Which relay key a call uses. Over HTTP a caller may bring its own in <c>X-Relay-Key</c> (or <c>X-API-Key</c>, for
/// hosts that allow only that name); without one, the configured key is used only if the operator allowed sharing it.
/// Over stdio the configured key is used.
/// </summary>
public sealed class RelayKeyChoice(IHttpContextAccessor httpContext, IOptions<ServerOptions> server, IOptions<RelayOptions> relay)
{
    private const int MaxKeyLength = 512;

    /// <summary>Who is calling, for per-caller limits: the signed-in user (the access token's <c>sub</c>, which only a
    /// valid token sets), else a hash of the caller's relay key, else its address, else the stdio client. A team whose
    /// members share a relay key and an office's address is told apart by who signed in.</summary>
    public string CallerId()
    {
        if (httpContext.HttpContext is not { } context)
        {
            return "stdio";
        }
        if (Transports.Http.SignedInUserScope.UserOf(context.User) is { } user)
        {
            return "user:" + user;
        }
        var (_, key) = SentKey(context);
        return key.Length > 0
            ? "key:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), 0, 8)
            : "address:" + context.Connection.RemoteIpAddress;
    }

    // The key a caller sent and the header it came in: X-Relay-Key, else X-API-Key.
    private static (string Header, string Key) SentKey(HttpContext context) =>
        context.Request.Headers[ServerOptions.CallerKeyHeader].ToString() is { Length: > 0 } key
            ? (ServerOptions.CallerKeyHeader, key)
            : (ServerOptions.CallerKeyAlternateHeader, context.Request.Headers[ServerOptions.CallerKeyAlternateHeader].ToString());

    // An Authorization header on a server that authenticates nobody: most likely the relay key, put where hosts put keys.
    private bool SentAuthorizationUnused(HttpContext context) =>
        context.Request.Headers.Authorization.Count > 0 && string.IsNullOrEmpty(server.Value.BearerToken) && !server.Value.Auth.Enabled;

    /// <summary>The key for this call (<c>null</c>: the configured one), or an error to return instead of calling.</summary>
    public (string? CallerKey, ToolError? Error) Resolve()
    {
        if (httpContext.HttpContext is { } context)
        {
            var (name, header) = SentKey(context);
            if (header.Length > 0)
            {
                var alternate = context.Request.Headers[ServerOptions.CallerKeyAlternateHeader].ToString();
                var problem = header.Length > MaxKeyLength
                    ? $"The {name} header is longer than {MaxKeyLength} characters, more than any relay key."
                    : alternate.Length > 0 && alternate != header
                        ? $"The {ServerOptions.CallerKeyHeader} and {ServerOptions.CallerKeyAlternateHeader} headers hold different keys: send the relay key in one of them."
                        : RelayKeyRules.Explain(header, $"The {name} header");
                return problem is null ? (header, null) : (null, new ToolError("invalid_key", problem));
            }
            if (!server.Value.ShareConfiguredKey)
            {
                return (null, new ToolError("missing_key", $"Send your relay API key in the {ServerOptions.CallerKeyHeader} header ({ServerOptions.CallerKeyAlternateHeader} where a host allows only that name): this server does not lend its own key to HTTP callers."
                    + (SentAuthorizationUnused(context) ? " The Authorization header is not read as a relay key (hosts often put a key there)." : "")));
            }
        }
        return string.IsNullOrEmpty(relay.Value.ApiKey)
            ? (null, new ToolError("missing_key", "No relay API key is configured. Set Relay__ApiKey for this server (or, over HTTP, send X-Relay-Key), then try again."))
            : (null, null);
    }
}
