using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// How a call without a usable access token is answered. Without a valid token: ASP.NET Core's own handling, which
/// challenges through the MCP SDK's handler (401 naming the metadata document). With a valid token that lacks a required
/// scope: 403 with <c>error="insufficient_scope"</c> and the scopes to ask for (RFC 6750 §3.1; the MCP authorization
/// spec's scope challenge). Either way one warning line with the reason's kind, never the token.
/// </summary>
internal sealed class TokenRefusalResponder(IOptions<ServerOptions> server, ILogger<TokenRefusalResponder> logger) : IAuthorizationMiddlewareResultHandler
{
    // Microsoft Entra's issuer of v1.0 tokens, followed by the tenant's id.
    private const string EntraV1Issuer = "https://sts.windows.net/";

    // How Google's OAuth access tokens begin.
    private const string GoogleAccessTokenPrefix = "ya29.";

    // The audience Okta's default custom authorization server comes with.
    private const string OktaDefaultAudience = "api://default";

    private readonly AuthorizationMiddlewareResultHandler framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            // The handler keeps its result for the request: asking again reads why the token failed, without validating it twice.
            var failure = (await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false)).Failure;
            RefusedCallLog.Refused(logger, context, StatusCodes.Status401Unauthorized, failure is null ? "no bearer token" : Reason(failure, context, server.Value.Auth));
            // The MCP SDK's challenge: 401 naming the metadata document.
            await framework.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            AddToChallenge(context.Response, tokenFailed: failure is not null, server.Value.Auth.Scopes);
            return;
        }
        if (!authorizeResult.Forbidden)
        {
            await framework.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }
        var missing = string.Join(' ', OAuthResourceServer.MissingScopes(context.User, server.Value.Auth.Scopes));
        using (SignedInUserScope.Begin(logger, context.User))
        {
            RefusedCallLog.Refused(logger, context, StatusCodes.Status403Forbidden, $"token lacks scope {missing}");
        }
        var metadata = $"{context.Request.Scheme}://{context.Request.Host}/.well-known/oauth-protected-resource{context.Request.Path}";
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", {ScopeParameter(server.Value.Auth.Scopes)}, resource_metadata=\"{metadata}\"";
        await RefusedCallAnswer.WriteAsync(context, StatusCodes.Status403Forbidden, -32001, $"The access token lacks the scope(s) {missing}; ask the issuer for a token with them.").ConfigureAwait(false);
    }

    // RFC 6750 §3 parameters the SDK's challenge leaves out: error="invalid_token" when a token came and failed (none when
    // none came, §3.1), and the scopes to ask for, which the MCP authorization spec (2025-11-25) says a server SHOULD
    // send and hosts take before the metadata's scopes_supported.
    private static void AddToChallenge(HttpResponse response, bool tokenFailed, IList<string> scopes)
    {
        var challenge = response.Headers.WWWAuthenticate.ToString();
        if (!challenge.StartsWith("Bearer ", StringComparison.Ordinal) || (!tokenFailed && scopes.Count == 0))
        {
            return;
        }
        var added = (tokenFailed ? "error=\"invalid_token\", " : "") + (scopes.Count > 0 ? $"{ScopeParameter(scopes)}, " : "");
        response.Headers.WWWAuthenticate = $"Bearer {added}{challenge["Bearer ".Length..]}";
    }

    // The scopes to ask for, as both challenges name them (RFC 6750 §3: space-separated).
    private static string ScopeParameter(IEnumerable<string> scopes) => $"scope=\"{string.Join(' ', scopes)}\"";

    private static string Reason(Exception failure, HttpContext context, ServerAuthOptions auth) => ShapeReason(BearerToken(context)) ?? failure switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        // Both are checked after the signature, so the values are the issuer's own: what an operator compares with the
        // settings (an issuer that leaves this endpoint out of aud until told to, or names itself another way in iss).
        SecurityTokenInvalidAudienceException => AudienceReason(ReadToken(context), auth),
        SecurityTokenInvalidIssuerException issuer => IssuerReason(issuer.InvalidIssuer, auth),
        SecurityTokenInvalidAlgorithmException => "token signed with a refused algorithm",
        // IDX10500 is IdentityModel's "no security keys were provided": the issuer's keys could not be read, whatever the
        // token. Any other missing or wrong key is the token's.
        SecurityTokenSignatureKeyNotFoundException when failure.Message.StartsWith("IDX10500", StringComparison.Ordinal)
            => "no signing keys from the issuer: its metadata or keys could not be read (check Server:Auth:Authority and Server:Auth:MetadataAddress)",
        // The keys were read again for it (at most every 5 minutes): a key of another issuer, or the issuer's keys
        // could not be read just then.
        SecurityTokenSignatureKeyNotFoundException => "token signed with a key the issuer does not publish",
        SecurityTokenInvalidSignatureException => "token signature not valid",
        SecurityTokenNoExpirationException => "token without expiry",
        SecurityTokenMalformedException or ArgumentException => "malformed token",
        _ => "token not valid",
    };

    // A token that is no signed JWT at all, named by its shape whatever the handler made of it.
    private static string? ShapeReason(string token)
    {
        // Google's own access tokens: opaque, for Google's APIs alone, with a dot that the count below would miss.
        if (token.StartsWith(GoogleAccessTokenPrefix, StringComparison.Ordinal))
        {
            return $"a Google access token ({GoogleAccessTokenPrefix}…), opaque and for Google's APIs alone: sign users in through an issuer that brokers Google and issues JWT access tokens for this endpoint";
        }
        return token.Count(part => part == '.') switch
        {
            // What an issuer gives for a sign-in that named no API it knows (Auth0's "opaque" access token, for its
            // /userinfo alone), which it left unnamed because it does not read the resource parameter (RFC 8707). Or a
            // relay key sent where the token goes.
            0 => "opaque token, not a JWT (a relay key goes in X-Relay-Key): an issuer gives one for a sign-in that named no API it knows; Auth0 does unless its Resource Parameter Compatibility Profile is on",
            // Five parts are JWE compact serialization (RFC 7516): a token encrypted for the API, which this server has
            // no key for.
            4 => "encrypted token (JWE), which this server cannot read: turn off the encryption of this API's tokens at the issuer",
            _ => null,
        };
    }

    private static string AudienceReason(JsonWebToken? token, ServerAuthOptions auth)
    {
        List<string> audiences = token is null ? [] : [.. token.Audiences];
        var accepted = auth.AcceptedAudiences.Count > 0 ? $"; Server:Auth:AcceptedAudiences: {string.Join(", ", auth.AcceptedAudiences)}" : "";
        var reason = $"token for another audience: {(audiences.Count > 0 ? string.Join(", ", audiences) : "none")} (Server:Auth:Audience is {auth.Audience}{accepted})";
        // Amazon Cognito says in token_use which of its tokens this is; no other issuer here writes it.
        switch (token?.TryGetPayloadValue<string>("token_use", out var use) == true ? use : null)
        {
            case "id":
                return $"{reason}; that is an ID token (token_use id), not an access token: the host must send the access token";
            case "access" when audiences.Count == 0:
                // Its access tokens name an API only through the resource parameter hosts send (RFC 8707), which Cognito
                // reads on those plans alone (AWS, "Amazon Cognito now supports resource indicators").
                return $"{reason}; an Amazon Cognito access token without aud: Cognito names the resource in aud only for a sign-in that named it (RFC 8707), on its Essentials or Plus feature plan with managed login";
        }
        // Microsoft Entra's v2.0 tokens name the API by its application id, a GUID, never by its URL.
        if (audiences.Count == 1 && Guid.TryParse(audiences[0], out _))
        {
            return $"{reason}; if that id is this server's app registration (Microsoft Entra's v2.0 tokens carry it), add it as Server:Auth:AcceptedAudiences:0";
        }
        // Every Auth0 tenant has its Management API from the start, named by the tenant's own domain.
        if (audiences.Any(IsAuth0ManagementApi))
        {
            return $"{reason}; that is Auth0's Management API: create an API of your own in Auth0 whose identifier is {auth.Audience}";
        }
        // Keycloak's tokens name a realm in iss, and this endpoint in aud only through an Audience mapper (its own
        // "account" client is there from the user's roles): the resource parameter is read only with an experimental feature.
        if (IsKeycloakIssuer(token?.Issuer))
        {
            // A client scope with role scope mappings is left out, mappers and all, for a user holding none of its roles.
            var where = auth.Scopes.Count > 0 ? $"the client scope {string.Join(", ", auth.Scopes)} (which a user gets only with one of its roles, if it maps any)" : "a Default client scope";
            return $"{reason}; Keycloak names this endpoint in aud only through an Audience mapper (Included Custom Audience {auth.Audience}) on {where}, or with its resource-indicators feature";
        }
        // Okta's default authorization server issues every token for this audience until told otherwise.
        return audiences.Contains(OktaDefaultAudience, StringComparer.Ordinal)
            ? $"{reason}; that is the audience of Okta's default authorization server: set its audience to {auth.Audience} (Security, API, the authorization server's settings)"
            : reason;
    }

    private static bool IsKeycloakIssuer(string? issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.AbsolutePath.Contains("/realms/", StringComparison.Ordinal);

    private static bool IsAuth0ManagementApi(string audience) =>
        Uri.TryCreate(audience, UriKind.Absolute, out var uri) && uri.Host.EndsWith(".auth0.com", StringComparison.OrdinalIgnoreCase) && uri.AbsolutePath == "/api/v2/";

    private static string IssuerReason(string? issuer, ServerAuthOptions auth)
    {
        var reason = $"token from another issuer: {(string.IsNullOrEmpty(issuer) ? "none" : issuer)} (Server:Auth:Authority is {auth.Authority})";
        // Microsoft Entra issues v1.0 tokens (this issuer) unless the API's registration asks for v2.0 ones, whose issuer
        // is the v2.0 authority.
        return issuer is not null && issuer.StartsWith(EntraV1Issuer, StringComparison.Ordinal)
            ? $"{reason}; a Microsoft Entra v1.0 token: set requestedAccessTokenVersion to 2 in the manifest of the API's app registration"
            : reason;
    }

    // The exception leaves the token's audiences out, so they are read from the token itself.
    private static JsonWebToken? ReadToken(HttpContext context)
    {
        var token = BearerToken(context);
        var reader = new JsonWebTokenHandler();
        return reader.CanReadToken(token) ? reader.ReadJsonWebToken(token) : null;
    }

    private static string BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
    }
}
