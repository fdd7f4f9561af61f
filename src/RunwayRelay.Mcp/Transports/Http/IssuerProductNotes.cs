using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// What a token issuer's product needs that its metadata does not say, the product recognised from that metadata:
/// Microsoft Entra ID (<c>msgraph_host</c>), Auth0 (<c>mfa_challenge_endpoint</c>), Amazon Cognito (its regional host),
/// Keycloak (its realm's <c>protocol/openid-connect</c> paths), Okta (its registration endpoint) and Google's own sign-in
/// (its issuer). <see cref="TokenIssuerRead"/> reports what this finds.
/// </summary>
internal static class IssuerProductNotes
{
    /// <summary>Settings with which hosts cannot sign users in at this issuer, or its tokens are all refused, each saying
    /// what to set; <paramref name="template"/> when the metadata names a template for its issuer (Entra's endpoints for
    /// many tenants).</summary>
    public static IEnumerable<string> Problems(OpenIdConnectConfiguration configuration, ServerAuthOptions auth, bool template) =>
        [.. configuration.AdditionalData.ContainsKey("msgraph_host") ? EntraProblems(configuration, auth, template) : [], .. GoogleProblems(configuration)];

    // What Microsoft Entra ID needs that other issuers do not. Hosts ask it for a token with the protected resource
    // metadata's resource (Server:Auth:Audience) and scopes: it reads a scope without its resource as Microsoft Graph's,
    // refuses one of another resource than the one asked for (AADSTS9010010), and its v2.0 tokens carry the API's
    // application id as aud.
    private static List<string> EntraProblems(OpenIdConnectConfiguration configuration, ServerAuthOptions auth, bool template)
    {
        var problems = new List<string>();
        if (template)
        {
            problems.Add($"Server:Auth:Authority is a Microsoft Entra endpoint for many tenants, whose metadata names a template, not an issuer ({configuration.Issuer}): set it to your tenant's, https://login.microsoftonline.com/<tenant-id>/v2.0.");
        }
        var audience = auth.Audience?.TrimEnd('/');
        if (auth.Scopes.Count == 0)
        {
            problems.Add($"Microsoft Entra signs users in for an API through one of its scopes: expose a scope on the app registration whose Application ID URI is {audience}, and set Server:Auth:Scopes:0 to {audience}/<scope>.");
        }
        foreach (var scope in auth.Scopes.Where(scope => !scope.StartsWith($"{audience}/", StringComparison.Ordinal)))
        {
            var name = OAuthResourceServer.NameWithoutResource(scope) ?? scope;
            var why = name == scope
                ? $"Microsoft Entra reads the scope {scope} as one of Microsoft Graph's ({configuration.AdditionalData["msgraph_host"]}), not this server's"
                : $"Microsoft Entra refuses a sign-in for the scope {scope}, of another resource than the one hosts ask for ({audience}; AADSTS9010010)";
            problems.Add($"{why}: write it as {audience}/{name} (Server:Auth:Scopes), with {audience} the Application ID URI of the API's app registration.");
        }
        if (configuration.Issuer?.EndsWith("/v2.0", StringComparison.Ordinal) == true && auth.AcceptedAudiences.Count == 0)
        {
            problems.Add("Microsoft Entra's v2.0 tokens carry the API's application (client) id as aud, not its URL: every token would be refused. Set Server:Auth:AcceptedAudiences:0 to the application id of the API's app registration.");
        }
        return problems;
    }

    // Google's own sign-in is an OpenID issuer with keys, so it passes every other check, but its access tokens are opaque
    // and for Google's APIs: it signs people in for other issuers, which then issue tokens of their own.
    private static IEnumerable<string> GoogleProblems(OpenIdConnectConfiguration configuration)
    {
        if (configuration.Issuer == GoogleIssuer)
        {
            yield return $"Server:Auth:Authority is Google's own sign-in ({GoogleIssuer}), whose access tokens are opaque (ya29.…) and for Google's APIs alone, not JWTs this server can check: every call would be refused. "
                + "To let users sign in with their Google accounts, set Server:Auth:Authority to an issuer that signs them in through Google and issues JWT access tokens for this endpoint, such as a Keycloak realm with Google as an identity provider or an Auth0 tenant with its Google social connection.";
        }
    }

    // The issuer Google's OpenID discovery document names.
    private const string GoogleIssuer = "https://accounts.google.com";

    /// <summary>What hosts need of the issuer's product that no metadata shows, or <c>null</c>.</summary>
    // Hosts name the API by the resource parameter (RFC 8707). Auth0 reads its own audience parameter alone unless the
    // tenant says otherwise, and gives a sign-in that names no API an opaque token. Cognito puts the resource in aud only
    // on its Essentials and Plus feature plans, and names custom scopes with their resource server's identifier. Keycloak
    // reads it only with an experimental feature, and lists a registration endpoint its default policies keep closed;
    // Okta lists one that only its administrators may use.
    public static string? Reminder(OpenIdConnectConfiguration configuration, ServerAuthOptions auth)
    {
        if (IsKeycloak(configuration))
        {
            return KeycloakReminder(configuration, auth);
        }
        if (IsOktaRegistration(configuration.RegistrationEndpoint))
        {
            return $"the issuer is Okta, whose registration endpoint ({OktaRegistrationPath}) takes only an administrator's API token, which hosts do not have: register an OIDC application for them (authorization code with PKCE, their redirect URLs), whose client id users enter; and set the authorization server's audience to {auth.Audience}, or its tokens name api://default";
        }
        if (configuration.AdditionalData.ContainsKey("mfa_challenge_endpoint"))
        {
            return Auth0Reminder(configuration, auth);
        }
        if (!Uri.TryCreate(configuration.Issuer, UriKind.Absolute, out var issuer)
            || !issuer.Host.StartsWith("cognito-idp", StringComparison.OrdinalIgnoreCase) || !issuer.Host.Contains(".amazonaws.com", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var reminder = "the issuer is Amazon Cognito, whose access tokens name this server in aud only when the sign-in named it as the resource (RFC 8707), which the user pool reads on the Essentials and Plus feature plans with managed login: on Lite every token is refused";
        // A custom scope is identifier/name; only Cognito's own scopes (openid, email, ...) have no slash.
        foreach (var scope in auth.Scopes.Where(scope => !scope.Contains('/', StringComparison.Ordinal)))
        {
            reminder += $"; Server:Auth:Scopes has {scope}, which is no custom scope of Cognito's: those are named by their resource server's identifier, such as {auth.Audience}/{scope}";
        }
        return reminder;
    }

    // Auth0 reads its own audience parameter alone unless the tenant says otherwise. Registration is a tenant setting,
    // off unless turned on, and what it registers are third-party applications, which get an API's scopes only as that
    // API grants them to all such applications.
    private static string Auth0Reminder(OpenIdConnectConfiguration configuration, ServerAuthOptions auth)
    {
        var reminder = $"the issuer is Auth0, which reads the resource parameter hosts name this server by only with the tenant's Resource Parameter Compatibility Profile on (Settings, Advanced), else falls back to the tenant's Default Audience: with neither, users signing in get opaque tokens, which are refused; its API's identifier must be {auth.Audience}";
        if (!string.IsNullOrEmpty(configuration.RegistrationEndpoint))
        {
            reminder += "; hosts register themselves only once Dynamic Client Registration is turned on (Settings, Advanced), as third-party applications"
                + (auth.Scopes.Count > 0 ? $" that get {string.Join(", ", auth.Scopes)} only if the API grants it under Default Permissions for Third-Party Applications" : "");
        }
        return reminder;
    }

    // Okta's authorization servers all name the org's client management API as their registration endpoint, which wants
    // an administrator's API token (SSWS) or an okta.apps.manage token: no host registers there
    // (modelcontextprotocol/modelcontextprotocol#695, envoyproxy/ai-gateway#2074).
    private const string OktaRegistrationPath = "/oauth2/v1/clients";

    /// <summary>Whether hosts can register at <paramref name="registrationEndpoint"/>: not at Okta's.</summary>
    public static bool RegistrationOpenToHosts(string registrationEndpoint) => !IsOktaRegistration(registrationEndpoint);

    private static bool IsOktaRegistration(string? registrationEndpoint) =>
        Uri.TryCreate(registrationEndpoint, UriKind.Absolute, out var endpoint) && endpoint.AbsolutePath == OktaRegistrationPath;

    // Keycloak's endpoints are under its realm's path, /realms/{realm}/protocol/openid-connect/ (the Red Hat build of
    // Keycloak's too); no other issuer names its sign-in so.
    private static bool IsKeycloak(OpenIdConnectConfiguration configuration) =>
        Uri.TryCreate(configuration.AuthorizationEndpoint, UriKind.Absolute, out var signIn)
        && signIn.AbsolutePath.Contains("/realms/", StringComparison.Ordinal)
        && signIn.AbsolutePath.EndsWith("/protocol/openid-connect/auth", StringComparison.Ordinal);

    // Keycloak's MCP guide ("Token Audience Binding and Validation"): without its resource-indicators feature the resource
    // parameter is not read, and a token names the endpoint only through an Audience mapper on a client scope the sign-in
    // got. Hosts ask for the scopes the challenge names; with none set they ask for none, so only a Default client scope
    // applies. Its client registration policies refuse anonymous registration until "Trusted Hosts" names the hosts, and
    // the guide has "Allowed Client Scopes" list the server's scopes.
    private static string KeycloakReminder(OpenIdConnectConfiguration configuration, ServerAuthOptions auth)
    {
        var scopes = string.Join(", ", auth.Scopes);
        var reminder = "the issuer is Keycloak, which reads the resource parameter hosts name this server by only when started with its experimental resource-indicators feature: "
            + $"otherwise tokens name {auth.Audience} in aud only through an Audience mapper (Included Custom Audience {auth.Audience}) on "
            + (auth.Scopes.Count > 0 ? $"the client scope {scopes}, which hosts ask for" : "a Default client scope, as hosts ask for no scope while Server:Auth:Scopes is empty");
        if (!string.IsNullOrEmpty(configuration.RegistrationEndpoint))
        {
            reminder += "; its metadata lists a registration_endpoint whatever the realm allows: hosts registering themselves are refused until the realm's Trusted Hosts policy "
                + "(Clients, Client registration) trusts the machines they register from and their redirect addresses"
                + (auth.Scopes.Count > 0 ? $", and its Allowed Client Scopes policy must list {scopes} for the clients they register to get it" : "");
        }
        return reminder;
    }
}
