using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// What one read of the token issuer's metadata and signing keys found. It reads through the JWT bearer handler's own
/// configuration manager, so what it finds is what the handler checks tokens with (and stays cached for the first
/// call). Start-up logs it (<see cref="IssuerKeysCheck"/>); <c>--check</c> prints it.
/// </summary>
/// <param name="MetadataAddress">Where the handler reads the issuer's metadata.</param>
/// <param name="Authority">Server:Auth:Authority.</param>
internal sealed record TokenIssuerRead(string? MetadataAddress, string? Authority)
{
    /// <summary>What to do about an issuer that publishes no signing keys.</summary>
    public const string NoKeysAdvice = "Check that the issuer has an active signing key, and its metadata's jwks_uri.";

    /// <summary>Why <see cref="DifferentIssuer"/> matters, and how little it takes.</summary>
    public const string SpellingMatters = "hosts signing a user in compare the two exactly (RFC 8414 §3.3) and stop when they differ, even by a trailing slash";

    /// <summary>How many signing keys the issuer publishes; none means every token is refused.</summary>
    public int SigningKeys { get; private init; }

    /// <summary>The issuer as its metadata names itself, when that is not <see cref="Authority"/> exactly. The protected
    /// resource metadata names Server:Auth:Authority as the authorization server; hosts signing a user in read the issuer's
    /// metadata from it and stop unless its issuer is the same string (RFC 8414 §3.3), which a trailing slash breaks.
    /// Tokens are accepted either way, so only a host would find out.</summary>
    public string? DifferentIssuer { get; private init; }

    /// <summary>What it means for hosts when <see cref="ClientRegistration"/> is empty.</summary>
    public const string NoClientRegistration = "the issuer's metadata offers hosts no way to register themselves (neither client_id_metadata_document_supported nor a registration_endpoint open to them): each host needs a client registered at the issuer by hand, whose id its user enters (VS Code asks for it)";

    /// <summary>How hosts can register themselves with the issuer, as its metadata says, in the MCP authorization spec's
    /// order of preference: "Client ID Metadata Documents" (<c>client_id_metadata_document_supported</c>), "Dynamic
    /// Client Registration" (a <c>registration_endpoint</c>, but Okta's, which takes an administrator's token only).
    /// None: each host needs a client registered by hand, whose id its user enters.</summary>
    public IReadOnlyList<string> ClientRegistration { get; private init; } = [];

    /// <summary>Settings with which hosts cannot sign users in at this issuer, or its tokens are all refused, each saying
    /// what to set: those Microsoft Entra ID needs (its metadata names <c>msgraph_host</c>), the issuer's metadata
    /// published from here for an issuer that sends <c>iss</c> with its sign-in's answer, and Google's own sign-in.</summary>
    public IReadOnlyList<string> SettingsProblems { get; private init; } = [];

    /// <summary>Whether hosts read metadata that does not list S256 PKCE: the issuer's own, not published from here.</summary>
    public bool PkceUnlisted { get; private init; }

    /// <summary>What <see cref="PkceUnlisted"/> means for hosts, and the setting that changes it. Said, not failed on: VS
    /// Code signs users in to Entra with its own account provider, which a published copy would turn off.</summary>
    public const string NoPkceMethods = "the issuer's metadata does not list S256 in code_challenge_methods_supported, and hosts that follow the MCP authorization spec (2025-11-25) refuse to sign users in with it, the MCP C# SDK's client and Claude's connectors among them (VS Code signs users in to Microsoft Entra ID with its own account provider). For them, set Server:Auth:PublishIssuerMetadata=true: the issuer's metadata is then published from this server with S256 added, and VS Code signs in as at any issuer, asking for a client id";

    /// <summary>What hosts need of this issuer's product that no metadata shows: of Auth0 (its metadata names Auth0's own
    /// <c>mfa_challenge_endpoint</c>), Amazon Cognito (its issuer is on Cognito's regional host), Keycloak (its sign-in
    /// is under a realm's <c>protocol/openid-connect</c> path) and Okta (its registration endpoint). Said by <c>--check</c>
    /// only, as nothing here can tell whether the tenant or user pool has it.</summary>
    public string? ProductReminder { get; private init; }

    /// <summary>Why the metadata or keys could not be read, when they could not.</summary>
    public string? Unreadable { get; private init; }

    /// <summary>What to do about <see cref="Unreadable"/>.</summary>
    public string? Advice { get; private init; }

    /// <summary>Reads the issuer configured in <paramref name="options"/>, or returns <c>null</c> when no issuer is.</summary>
    public static async Task<TokenIssuerRead?> ReadAsync(JwtBearerOptions options, ServerAuthOptions auth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(auth);
        if (options.ConfigurationManager is not { } manager)
        {
            return null;
        }
        var read = new TokenIssuerRead(options.MetadataAddress, options.Authority);
        try
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            var template = configuration.Issuer?.Contains("{tenantid}", StringComparison.OrdinalIgnoreCase) == true;
            return read with
            {
                SigningKeys = configuration.SigningKeys.Count,
                // Published from here, the metadata hosts read names this server as the issuer, not the authority.
                DifferentIssuer = !template && !auth.PublishIssuerMetadata && !string.IsNullOrEmpty(configuration.Issuer) && !string.Equals(configuration.Issuer, options.Authority, StringComparison.Ordinal)
                    ? configuration.Issuer
                    : null,
                ClientRegistration = ClientRegistrationOf(configuration),
                SettingsProblems = [.. configuration.AdditionalData.ContainsKey("msgraph_host") ? EntraProblems(configuration, auth, template) : [], .. PublishedCopyProblems(configuration, auth), .. GoogleProblems(configuration)],
                PkceUnlisted = !auth.PublishIssuerMetadata && !configuration.CodeChallengeMethodsSupported.Contains("S256"),
                ProductReminder = ProductReminderFor(configuration, auth),
            };
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            // The handler's read timing out says only "Operation canceled" at its innermost.
            if (Chain(failure).Any(cause => cause is TimeoutException or TaskCanceledException))
            {
                return read with
                {
                    Unreadable = $"no answer within {options.BackchannelTimeout.TotalSeconds:0} s",
                    Advice = "Check that this machine reaches the issuer (a firewall, or HTTPS_PROXY for an issuer outside), and Server:Auth:Authority.",
                };
            }
            var reason = Chain(failure).Last().Message;
            return read with
            {
                Unreadable = reason,
                Advice = CertificateAdvice.For(reason, "token issuer", "Server:Auth:Authority")
                    ?? "Check Server:Auth:Authority and, for an issuer without OpenID discovery, Server:Auth:MetadataAddress.",
            };
        }
    }

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

    // A host told by the issuer's metadata that every sign-in's answer carries the issuer's iss (RFC 9207) compares it
    // with the issuer it read the metadata of, and stops when they differ: the published copy names this server, and
    // no longer says so, but the issuer sends iss all the same (Keycloak does).
    private static IEnumerable<string> PublishedCopyProblems(OpenIdConnectConfiguration configuration, ServerAuthOptions auth)
    {
        if (auth.PublishIssuerMetadata && configuration.AuthorizationResponseIssParameterSupported)
        {
            var needless = configuration.CodeChallengeMethodsSupported.Contains("S256") ? "; its own metadata lists S256 PKCE already, all the copy would add" : "";
            yield return "Server:Auth:PublishIssuerMetadata is on, but the issuer sends its iss with every sign-in's answer (its metadata says authorization_response_iss_parameter_supported, RFC 9207), "
                + $"which hosts compare with the issuer of the metadata published here and then stop: set Server:Auth:PublishIssuerMetadata=false{needless}.";
        }
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

    /// <summary>The issuer Google's OpenID discovery document names.</summary>
    public const string GoogleIssuer = "https://accounts.google.com";

    // Hosts name the API by the resource parameter (RFC 8707). Auth0 reads its own audience parameter alone unless the
    // tenant says otherwise, and gives a sign-in that names no API an opaque token. Cognito puts the resource in aud only
    // on its Essentials and Plus feature plans, and names custom scopes with their resource server's identifier. Keycloak
    // reads it only with an experimental feature, and lists a registration endpoint its default policies keep closed;
    // Okta lists one that only its administrators may use.
    private static string? ProductReminderFor(OpenIdConnectConfiguration configuration, ServerAuthOptions auth)
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

    private static List<string> ClientRegistrationOf(OpenIdConnectConfiguration configuration)
    {
        var ways = new List<string>();
        if (IsTrue(configuration.AdditionalData, "client_id_metadata_document_supported"))
        {
            ways.Add("Client ID Metadata Documents");
        }
        if (!string.IsNullOrEmpty(configuration.RegistrationEndpoint) && !IsOktaRegistration(configuration.RegistrationEndpoint))
        {
            ways.Add("Dynamic Client Registration");
        }
        return ways;
    }

    // A metadata value IdentityModel does not know, kept as it parsed it: a JSON element, or a value made from one.
    private static bool IsTrue(IDictionary<string, object> additional, string name) =>
        additional.TryGetValue(name, out var value) && value is true or System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True };

    // The failure and its inner exceptions, outermost first.
    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (Exception? cause = failure; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }
}
