using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// The token issuer's metadata served from this server (<see cref="ServerAuthOptions.PublishIssuerMetadata"/>), for an
/// issuer whose own metadata leaves out what hosts require. The MCP authorization spec (2025-11-25) has hosts refuse an
/// issuer whose metadata does not list <c>code_challenge_methods_supported</c>, and the MCP C# SDK's client and Claude's
/// connectors do (anthropics/claude-ai-mcp#786); Microsoft Entra ID and Amazon Cognito take PKCE but do not say so.
/// This copy names this server's origin as the issuer, which the protected resource metadata then names as the
/// authorization server, and points at the issuer's own endpoints: users sign in there and tokens come from there,
/// checked as ever.
/// </summary>
internal static class PublishedIssuerMetadata
{
    /// <summary>Where hosts read it: RFC 8414's well-known path for an issuer without a path of its own.</summary>
    public const string Path = "/.well-known/oauth-authorization-server";

    /// <summary>The issuer the copy names, and the protected resource metadata with it: the origin of the endpoint's
    /// public URL, <c>https://mcp.example.com</c>.</summary>
    public static string IssuerOf(ServerAuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        return new Uri(auth.Audience!).GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Answers a read of <see cref="Path"/>: the copy, 404 when not published, 503 while the issuer's metadata
    /// cannot be read.</summary>
    public static async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var auth = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.Auth;
        if (!auth.PublishIssuerMetadata)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var jwt = context.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        OpenIdConnectConfiguration issuer;
        try
        {
            // The handler's own read, cached: the copy changes when the issuer's metadata does.
            issuer = await jwt.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The reason is in the start-up log and --check; a host needs only to know to come back.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "10";
            await context.Response.WriteAsync("The token issuer's metadata cannot be read just now; try again shortly.", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Copy(issuer, IssuerOf(auth)), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The issuer's metadata as this server publishes it.</summary>
    public static string Copy(OpenIdConnectConfiguration issuer, string publishedIssuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var copy = JsonNode.Parse(OpenIdConnectConfiguration.Write(issuer))!.AsObject();
        copy["issuer"] = publishedIssuer;
        if (!issuer.CodeChallengeMethodsSupported.Contains("S256"))
        {
            // Hosts must use S256 (OAuth 2.1, the MCP spec); the issuers this is for take it without listing it.
            copy["code_challenge_methods_supported"] = new JsonArray([.. issuer.CodeChallengeMethodsSupported.Prepend("S256").Select(method => JsonValue.Create(method))]);
        }
        // RFC 9207: a host told that the sign-in response carries the issuer's iss would compare it with this copy's and
        // stop. (An issuer that sends iss anyway cannot be published this way; Entra does not send it.)
        copy.Remove("authorization_response_iss_parameter_supported");
        return copy.ToJsonString();
    }
}
