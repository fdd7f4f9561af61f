using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// An OAuth authorization server as far as a resource server sees one: its metadata and its public signing key (JWKS)
/// on a real listener on 127.0.0.1, fetched by the JWT bearer handler as from a real issuer. Keys are made per test
/// run; tokens are minted here, good or bad on purpose.
/// </summary>
internal sealed class TestTokenIssuer : IAsyncDisposable
{
    private readonly WebApplication app;
    // Every key the issuer publishes (RSA, or ECDSA on P-256), oldest first; it signs with the newest.
    private readonly List<(string KeyId, AsymmetricAlgorithm Key)> keys = [("test-key-1", RSA.Create(2048))];

    private TestTokenIssuer(WebApplication app) => this.app = app;

    private string KeyId => keys[^1].KeyId;

    /// <summary>Whether a request for the keys gets no answer, as from an issuer that has stopped responding.</summary>
    public bool KeysUnanswered { get; set; }

    /// <summary>Whether the metadata offers hosts Dynamic Client Registration (a <c>registration_endpoint</c>, at Keycloak's
    /// path or Auth0's); Keycloak's always does.</summary>
    public bool OffersDynamicRegistration { get; set; }

    /// <summary>Whether the metadata says the issuer takes Client ID Metadata Documents.</summary>
    public bool OffersMetadataDocuments { get; set; }

    /// <summary>Whether the key set is published empty, as from an issuer whose signing keys are all disabled.</summary>
    public bool PublishesNoKeys { get; set; }

    /// <summary>Publishes a new key beside the others and signs with it from now on, as an issuer rotating its keys does:
    /// an RSA key (RS256), or with <paramref name="ecdsa"/> one on P-256 (ES256).</summary>
    public void RotateKey(bool ecdsa = false) =>
        keys.Add(($"test-key-{keys.Count + 1}", ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048)));

    /// <summary>The issuer (<c>iss</c>) and authority: the listener's address with a path, as the product it stands for
    /// has it (<see cref="IssuerProduct"/>).</summary>
    public string Authority { get; private set; } = null!;

    /// <summary>Where the issuer's OAuth metadata (RFC 8414) is: the well-known part before the issuer's path.</summary>
    public string OAuthMetadataAddress { get; private set; } = null!;

    /// <summary>Where the issuer's OpenID discovery document is: <c>{Authority}/.well-known/openid-configuration</c> but
    /// for <see cref="IssuerProduct.AmazonCognito"/>, <see cref="IssuerProduct.Google"/> and <see cref="IssuerProduct.Okta"/>,
    /// whose authority is not this listener.</summary>
    public string OpenIdMetadataAddress { get; private set; } = null!;

    /// <summary>With <see cref="IssuerProduct.AmazonCognito"/>: the user pool's id, the issuer's path.</summary>
    public const string CognitoUserPoolId = "us-east-1_Ab12Cd34E";

    // The listener's origin, where every endpoint is, and the issuer's path there.
    private string origin = null!;
    private string path = "";

    /// <summary>With <see cref="IssuerProduct.Okta"/>: the org's origin, which the tests never reach.</summary>
    public const string OktaOrg = "https://dev-123456.okta.com";

    /// <summary>With <see cref="IssuerProduct.MicrosoftEntra"/>: the tenant's id in the authority's path.</summary>
    public const string EntraTenantId = "6f1c2a4e-0d3b-4c8e-9a7f-2b5d8e1c4a90";

    /// <summary>With <see cref="IssuerProduct.MicrosoftEntra"/>: the endpoint for many tenants, whose metadata names a
    /// template for its issuer.</summary>
    public string EntraManyTenantsAuthority { get; private set; } = null!;

    private IssuerProduct product;

    /// <param name="openIdDiscovery">Whether the metadata is also at <c>{Authority}/.well-known/openid-configuration</c>;
    /// without it the issuer publishes OAuth metadata only, as the MCP authorization spec allows.</param>
    /// <param name="tls">A certificate to serve https with; plain http without one.</param>
    /// <param name="product">Whose paths, metadata, sign-in rules and tokens it has.</param>
    public static async Task<TestTokenIssuer> StartAsync(CancellationToken cancellationToken, bool openIdDiscovery = true, X509Certificate2? tls = null, IssuerProduct product = IssuerProduct.Plain)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (tls is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(tls)));
        }
        var app = builder.Build();
        var path = product switch
        {
            IssuerProduct.MicrosoftEntra => $"/{EntraTenantId}/v2.0",
            IssuerProduct.Auth0 => "",
            IssuerProduct.AmazonCognito => $"/{CognitoUserPoolId}",
            IssuerProduct.Keycloak => "/realms/agents",
            IssuerProduct.Google => "",
            IssuerProduct.Okta => "/oauth2/default",
            _ => "/issuers/agents",
        };
        var issuer = new TestTokenIssuer(app) { product = product, path = path };
        // Entra's and Cognito's metadata leave code_challenge_methods_supported out, though both take S256; Keycloak and
        // Auth0 list it. Auth0's also names its MFA endpoint, by which the server recognises it; Keycloak says it sends iss
        // with the sign-in's answer.
        var issuerMetadata = product switch
        {
            IssuerProduct.MicrosoftEntra => ""","msgraph_host":"graph.microsoft.com","cloud_instance_name":"microsoftonline.com" """,
            IssuerProduct.Auth0 => ""","code_challenge_methods_supported":["S256","plain"],"mfa_challenge_endpoint":"{origin}/mfa/challenge" """,
            IssuerProduct.AmazonCognito => ""","userinfo_endpoint":"{origin}/oauth2/userInfo","scopes_supported":["openid","email","phone","profile"],"token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"]""",
            IssuerProduct.Keycloak => ""","code_challenge_methods_supported":["plain","S256"],"authorization_response_iss_parameter_supported":true""",
            IssuerProduct.Google => ""","code_challenge_methods_supported":["plain","S256"],"scopes_supported":["openid","email","profile"],"userinfo_endpoint":"https://openidconnect.googleapis.com/v1/userinfo" """,
            IssuerProduct.Okta => $""","code_challenge_methods_supported":["S256"],"registration_endpoint":"{OktaOrg}/oauth2/v1/clients" """,
            _ => ""","code_challenge_methods_supported":["S256","plain"]""",
        };
        // Each product's paths for keys, sign-in and tokens. Cognito's keys are beside its discovery document; its sign-in
        // is at the user pool's own domain, here the same origin.
        var (keysPath, authorizePath, tokenPath) = product switch
        {
            IssuerProduct.Auth0 => ("/.well-known/jwks.json", "/authorize", "/oauth/token"),
            IssuerProduct.AmazonCognito => ($"{path}/.well-known/jwks.json", "/oauth2/authorize", "/oauth2/token"),
            IssuerProduct.Keycloak => ($"{path}/protocol/openid-connect/certs", $"{path}/protocol/openid-connect/auth", $"{path}/protocol/openid-connect/token"),
            IssuerProduct.Google => ("/oauth2/v3/certs", "/o/oauth2/v2/auth", "/token"),
            IssuerProduct.Okta => ($"{path}/v1/keys", $"{path}/v1/authorize", $"{path}/v1/token"),
            _ => ($"{path}/keys", $"{path}/authorize", $"{path}/token"),
        };
        RequestDelegate metadata = context => WriteJsonAsync(context, $$"""{"issuer":"{{issuer.Authority}}","jwks_uri":"{{issuer.origin}}{{keysPath}}","authorization_endpoint":"{{issuer.origin}}{{authorizePath}}","token_endpoint":"{{issuer.origin}}{{tokenPath}}","response_types_supported":["code"]{{issuer.ClientRegistrationMetadata()}}{{issuerMetadata.Replace("{origin}", issuer.origin, StringComparison.Ordinal)}}}""");
        if (openIdDiscovery)
        {
            app.MapGet($"{path}/.well-known/openid-configuration", metadata);
        }
        if (product == IssuerProduct.MicrosoftEntra)
        {
            app.MapGet("/organizations/v2.0/.well-known/openid-configuration", (RequestDelegate)(context =>
                WriteJsonAsync(context, $$"""{"issuer":"{{issuer.EntraManyTenantsAuthority.Replace("organizations", "{tenantid}", StringComparison.Ordinal)}}","jwks_uri":"{{issuer.origin}}{{keysPath}}"{{issuerMetadata}}}""")));
        }
        // Cognito and Google publish OpenID discovery alone.
        if (product is not (IssuerProduct.AmazonCognito or IssuerProduct.Google))
        {
            app.MapGet($"/.well-known/oauth-authorization-server{path}", metadata);
        }
        app.MapGet(keysPath, (RequestDelegate)(async context =>
        {
            if (issuer.KeysUnanswered)
            {
                // Held until the reader gives up (or the issuer stops).
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return;
            }
            await WriteJsonAsync(context, issuer.Jwks());
        }));
        app.MapGet(authorizePath, (RequestDelegate)(product switch
        {
            IssuerProduct.Auth0 => issuer.AuthorizeAsAuth0,
            IssuerProduct.AmazonCognito => issuer.AuthorizeAsCognito,
            IssuerProduct.Keycloak => issuer.AuthorizeAsKeycloak,
            _ => issuer.AuthorizeAsEntra,
        }));
        app.MapPost(tokenPath, (RequestDelegate)issuer.IssueTokenAsync);
        await app.StartAsync(cancellationToken);
        issuer.origin = app.Urls.First();
        issuer.Authority = product switch
        {
            // Auth0 names itself by the tenant's origin with a trailing slash.
            IssuerProduct.Auth0 => $"{issuer.origin}/",
            // Cognito names itself by its regional host, which the tests never reach: the server reads the metadata
            // from OpenIdMetadataAddress instead, and everything else from the addresses in it.
            IssuerProduct.AmazonCognito => $"https://cognito-idp.us-east-1.amazonaws.com/{CognitoUserPoolId}",
            // Google's issuer too: the server reads its metadata from OpenIdMetadataAddress.
            IssuerProduct.Google => "https://accounts.google.com",
            IssuerProduct.Okta => $"{OktaOrg}{path}",
            _ => $"{issuer.origin}{path}",
        };
        issuer.OpenIdMetadataAddress = $"{issuer.origin}{path}/.well-known/openid-configuration";
        issuer.OAuthMetadataAddress = $"{issuer.origin}/.well-known/oauth-authorization-server{path}";
        issuer.EntraManyTenantsAuthority = $"{issuer.origin}/organizations/v2.0";
        return issuer;
    }

    // Sign-in codes handed out and not yet exchanged: the PKCE challenge, the scopes' names they were asked with, the
    // API the token is for (none: Auth0's opaque token, Cognito's token without aud; Keycloak's audiences, space-separated)
    // and the client that asked.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Challenge, string Scope, string? Audience, string ClientId)> codes = new();

    /// <summary>The audience of the tokens sign-in gives: Microsoft Entra's v2.0 tokens name the API's application id.</summary>
    public string SignInAudience { get; set; } = "";

    /// <summary>With <see cref="IssuerProduct.Auth0"/>: whether the tenant's Resource Parameter Compatibility Profile is
    /// on, so that a sign-in names its API by the <c>resource</c> parameter (RFC 8707) when it gives no <c>audience</c>.
    /// With <see cref="IssuerProduct.AmazonCognito"/>: whether the user pool's feature plan (Essentials or Plus) reads it,
    /// so that the access token names the resource in <c>aud</c>.</summary>
    public bool ReadsResourceParameter { get; set; }

    /// <summary>With <see cref="IssuerProduct.Auth0"/>: the tenant's Default Audience, the API of a sign-in that names none.</summary>
    public string? DefaultAudience { get; set; }

    /// <summary>With <see cref="IssuerProduct.Keycloak"/>: the client scopes of the realm's own besides Keycloak's built-in
    /// ones that a host's client may ask for, each with the audience an Audience mapper on it adds (its Included Custom
    /// Audience), or <c>null</c> for a scope without one.</summary>
    public Dictionary<string, string?> ClientScopes { get; } = [];

    /// <summary>With <see cref="IssuerProduct.Keycloak"/>: client scopes given role scope mappings the signed-in user
    /// holds none of, so that a sign-in asking for one gets neither the scope nor what its mappers add.</summary>
    public HashSet<string> ScopesOfRolesTheUserLacks { get; } = [];

    /// <summary>With <see cref="IssuerProduct.Keycloak"/>: with the experimental resource-indicators feature on, the
    /// <c>resource_url</c> of the server's client, the one <c>resource</c> a sign-in may name; <c>null</c>: the feature off,
    /// the parameter unread.</summary>
    public string? ResourceIndicatorsFor { get; set; }

    /// <summary>How many token requests arrived.</summary>
    public int TokenRequests => tokenRequests;

    private int tokenRequests;

    // The authorization endpoint, as a user's sign-in ends at it: S256 PKCE required, and, as Entra has it, the scopes
    // must belong to the resource asked for (AADSTS9010010 otherwise). Answers with the redirect a browser would follow.
    private Task AuthorizeAsEntra(HttpContext context)
    {
        var query = context.Request.Query;
        var scopes = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(scope => scope is not ("openid" or "profile" or "email" or "offline_access")).ToList();
        var resource = query["resource"].ToString();
        if (!PkceAsked(context))
        {
            return Task.CompletedTask;
        }
        // A scope without its resource would be Microsoft Graph's: not one this issuer signs in for.
        if (scopes.Count == 0 || scopes.Any(scope => !scope.Contains('/', StringComparison.Ordinal))
            || (resource.Length > 0 && scopes.Any(scope => !scope.StartsWith($"{resource.TrimEnd('/')}/", StringComparison.Ordinal))))
        {
            return RedirectAsync(context, "error=invalid_target&error_description=AADSTS9010010");
        }
        return HandOutCodeAsync(context, string.Join(' ', scopes.Select(scope => scope[(scope.LastIndexOf('/') + 1)..])), SignInAudience);
    }

    // Auth0's authorization endpoint: the API is the audience parameter, else the resource parameter with the
    // compatibility profile on, else the tenant's Default Audience, else none (a token for /userinfo alone).
    private Task AuthorizeAsAuth0(HttpContext context)
    {
        var query = context.Request.Query;
        if (!PkceAsked(context))
        {
            return Task.CompletedTask;
        }
        var audience = new[] { query["audience"].ToString(), ReadsResourceParameter ? query["resource"].ToString() : "", DefaultAudience ?? "" }
            .FirstOrDefault(candidate => candidate.Length > 0);
        return HandOutCodeAsync(context, query["scope"].ToString(), audience);
    }

    // Cognito's authorization endpoint: a custom scope is named with its resource server's identifier, the standard
    // ones alone (invalid_scope for any other); the resource becomes the token's aud on the feature plans that read it.
    private Task AuthorizeAsCognito(HttpContext context)
    {
        var query = context.Request.Query;
        if (!PkceAsked(context))
        {
            return Task.CompletedTask;
        }
        var scope = query["scope"].ToString();
        if (scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(name => !name.Contains('/', StringComparison.Ordinal) && name is not ("openid" or "email" or "phone" or "profile" or "aws.cognito.signin.user.admin")))
        {
            return RedirectAsync(context, "error=invalid_scope");
        }
        return HandOutCodeAsync(context, scope, ReadsResourceParameter && query["resource"].ToString() is { Length: > 0 } resource ? resource : null);
    }

    // Keycloak's authorization endpoint: a scope the client was not given is invalid_scope; the token's aud holds the
    // account client (the user's roles) and the audiences of the mappers on the granted scopes, or with the
    // resource-indicators feature on and a resource named, that resource alone (invalid_target for one not configured).
    // The granted scopes are the realm's defaults (profile, email) and those asked for, but for a client scope whose role
    // scope mappings the user holds none of, which Keycloak leaves out with its mappers. Every answer carries iss.
    private Task AuthorizeAsKeycloak(HttpContext context)
    {
        var query = context.Request.Query;
        var iss = $"&iss={Uri.EscapeDataString(Authority)}";
        if (!PkceAsked(context))
        {
            return Task.CompletedTask;
        }
        string[] builtIn = ["openid", "profile", "email", "offline_access", "roles", "web-origins", "acr", "basic", "address", "phone"];
        var asked = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (asked.Any(scope => !builtIn.Contains(scope) && !ClientScopes.ContainsKey(scope)))
        {
            return RedirectAsync(context, $"error=invalid_scope{iss}");
        }
        var resource = query["resource"].ToString();
        string[] audiences;
        if (ResourceIndicatorsFor is not null && resource.Length > 0)
        {
            if (resource != ResourceIndicatorsFor)
            {
                return RedirectAsync(context, $"error=invalid_target{iss}");
            }
            audiences = [resource];
        }
        else
        {
            audiences = ["account", .. asked.Except(ScopesOfRolesTheUserLacks).Select(scope => ClientScopes.GetValueOrDefault(scope)).OfType<string>()];
        }
        string[] granted = [.. asked.Where(scope => scope == "openid"), "profile", "email", .. asked.Where(ClientScopes.ContainsKey).Except(ScopesOfRolesTheUserLacks)];
        var code = Guid.NewGuid().ToString("N");
        codes[code] = (query["code_challenge"].ToString(), string.Join(' ', granted), string.Join(' ', audiences), query["client_id"].ToString());
        return RedirectAsync(context, $"code={code}{iss}");
    }

    // S256 PKCE and a redirect address, or 400 as the issuers answer.
    private static bool PkceAsked(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["code_challenge_method"] == "S256" && !string.IsNullOrEmpty(query["code_challenge"]) && !string.IsNullOrEmpty(query["redirect_uri"]))
        {
            return true;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return false;
    }

    private Task HandOutCodeAsync(HttpContext context, string scope, string? audience)
    {
        var code = Guid.NewGuid().ToString("N");
        codes[code] = (context.Request.Query["code_challenge"].ToString(), scope, audience, context.Request.Query["client_id"].ToString());
        return RedirectAsync(context, $"code={code}");
    }

    private static Task RedirectAsync(HttpContext context, string parameters)
    {
        var query = context.Request.Query;
        context.Response.Redirect($"{query["redirect_uri"]}?{parameters}&state={Uri.EscapeDataString(query["state"].ToString())}");
        return Task.CompletedTask;
    }

    // The token endpoint: a code for a token once the verifier matches the code's challenge. Entra's hold the scopes'
    // names alone in scp; Auth0's hold them in scope, with its /userinfo as a second audience when openid was asked for,
    // and are opaque (not JWTs) for a sign-in that named no API.
    private async Task IssueTokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref tokenRequests);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!codes.TryRemove(form["code"].ToString(), out var granted)
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != granted.Challenge)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteJsonAsync(context, """{"error":"invalid_grant"}""");
            return;
        }
        var token = product switch
        {
            IssuerProduct.Auth0 when granted.Audience is null => OpaqueToken(),
            IssuerProduct.Auth0 => Mint(granted.Audience, granted.Scope, moreAudiences: granted.Scope.Split(' ').Contains("openid") ? [$"{Authority}userinfo"] : []),
            IssuerProduct.AmazonCognito => MintCognito(granted.Audience, granted.Scope, granted.ClientId),
            IssuerProduct.Keycloak => MintKeycloak(granted.Audience!.Split(' '), granted.Scope, granted.ClientId),
            _ => Mint(granted.Audience ?? "", granted.Scope, scopeClaim: "scp"),
        };
        await WriteJsonAsync(context, $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":300}""");
    }

    /// <summary>A token as Auth0 gives for a sign-in that names no API: 32 letters and digits, no JWT.</summary>
    public static string OpaqueToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private string ClientRegistrationMetadata() =>
        (OffersDynamicRegistration || product == IssuerProduct.Keycloak ? $",\"registration_endpoint\":\"{origin}{(product == IssuerProduct.Auth0 ? "/oidc/register" : $"{path}/clients-registrations/openid-connect")}\"" : "")
        + (OffersMetadataDocuments ? ""","client_id_metadata_document_supported":true""" : "");

    /// <summary>A token signed with the published key, for <paramref name="audience"/> (and <paramref name="moreAudiences"/>),
    /// with these changes; the scopes in <paramref name="scopeClaim"/> (Microsoft Entra's and Okta's <c>scp</c>, or RFC
    /// 9068's <c>scope</c>), space-separated or with <paramref name="scopesAsArray"/> a JSON array; the signed-in user in
    /// <c>sub</c>.</summary>
    public string Mint(string audience, string scope, string? issuer = null, TimeSpan? expiresIn = null, RSA? signWith = null, TimeSpan? startsIn = null, string? keyId = null, string scopeClaim = "scope", string[]? moreAudiences = null, string subject = "agent-7", bool scopesAsArray = false)
    {
        var now = DateTime.UtcNow + (startsIn ?? TimeSpan.Zero);
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audiences = { audience },
            Subject = new ClaimsIdentity([new Claim("sub", subject), .. scopesAsArray ? Array.Empty<Claim>() : [new Claim(scopeClaim, scope)]]),
            // A JSON array, as Okta writes scp.
            Claims = scopesAsArray ? new Dictionary<string, object> { [scopeClaim] = scope.Split(' ') } : null,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = (signWith ?? keys[^1].Key) switch
            {
                RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId ?? KeyId }, SecurityAlgorithms.RsaSha256),
                var ecdsa => new SigningCredentials(new ECDsaSecurityKey((ECDsa)ecdsa) { KeyId = keyId ?? KeyId }, SecurityAlgorithms.EcdsaSha256),
            },
        };
        foreach (var more in moreAudiences ?? [])
        {
            descriptor.Audiences.Add(more);
        }
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A token as Amazon Cognito mints one (AWS, "Understanding the access token" and "Understanding the identity
    /// (ID) token"): the user in <c>sub</c> and <c>username</c>, the app client in <c>client_id</c>, <c>token_use</c>
    /// <c>access</c> with the granted scopes in <c>scope</c> and <c>aud</c> only when <paramref name="audience"/> is given
    /// (the resource a sign-in named); or with <paramref name="tokenUse"/> <c>id</c>, an ID token, whose <c>aud</c> is the
    /// app client.</summary>
    public string MintCognito(string? audience, string scope, string clientId, string tokenUse = "access")
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["token_use"] = tokenUse,
            ["username"] = "agent-7",
            ["auth_time"] = new DateTimeOffset(now).ToUnixTimeSeconds(),
        };
        if (tokenUse == "access")
        {
            claims["client_id"] = clientId;
            claims["scope"] = scope;
            claims["version"] = 2;
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = tokenUse == "id" ? clientId : audience,
            Subject = new ClaimsIdentity([new Claim("sub", "agent-7")]),
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey((RSA)keys[^1].Key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An access token as Keycloak mints one: <c>aud</c> as given (a string for one), the host's client in
    /// <c>azp</c>, <c>typ</c> <c>Bearer</c>, the granted scopes in <c>scope</c>, the user in <c>sub</c> and
    /// <c>preferred_username</c>, the realm's roles under <c>realm_access</c>.</summary>
    public string MintKeycloak(string[] audiences, string scope, string clientId)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Subject = new ClaimsIdentity([new Claim("sub", "3f9c2e71-5a4b-4d8e-9b1c-7e2a6d0f8c45")]),
            Claims = new Dictionary<string, object>
            {
                ["typ"] = "Bearer",
                ["azp"] = clientId,
                ["scope"] = scope,
                ["preferred_username"] = "agent-7",
                ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "default-roles-agents", "offline_access", "uma_authorization" } },
            },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey((RSA)keys[^1].Key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        foreach (var audience in audiences)
        {
            descriptor.Audiences.Add(audience);
        }
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A token signed as <see cref="Mint"/> signs, then encrypted for a key this server does not have (JWE), as
    /// Auth0 issues them for an API with JSON Web Encryption on.</summary>
    public string MintEncrypted(string audience, string scope)
    {
        using var recipient = RSA.Create(2048);
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "agent-7"), new Claim("scope", scope)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey((RSA)keys[^1].Key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
            EncryptingCredentials = new EncryptingCredentials(new RsaSecurityKey(recipient) { KeyId = "api-encryption-key" }, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public string MintUnsigned(string audience, string scope) =>
        $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{Encode(Claims(audience, scope))}.";

    /// <summary>A token signed with HMAC whose secret is the published public key: the algorithm-confusion attack.</summary>
    public string MintHmacWithPublicKey(string audience, string scope)
    {
        var header = Encode($$"""{"alg":"HS256","typ":"JWT","kid":"{{KeyId}}"}""");
        var payload = Encode(Claims(audience, scope));
        var secret = Encoding.UTF8.GetBytes(Jwks());
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private string Claims(string audience, string scope)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $$"""{"iss":"{{Authority}}","aud":"{{audience}}","sub":"agent-7","scope":"{{scope}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 300}}}""";
    }

    private string Jwks() => $$"""{"keys":[{{(PublishesNoKeys ? "" : string.Join(",", keys.Select(entry => Jwk(entry.KeyId, entry.Key))))}}]}""";

    private static string Jwk(string keyId, AsymmetricAlgorithm key)
    {
        if (key is RSA rsa)
        {
            var rsaKey = rsa.ExportParameters(includePrivateParameters: false);
            return $$"""{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{keyId}}","n":"{{Base64UrlEncoder.Encode(rsaKey.Modulus)}}","e":"{{Base64UrlEncoder.Encode(rsaKey.Exponent)}}"}""";
        }
        var point = ((ECDsa)key).ExportParameters(includePrivateParameters: false).Q;
        return $$"""{"kty":"EC","use":"sig","alg":"ES256","crv":"P-256","kid":"{{keyId}}","x":"{{Base64UrlEncoder.Encode(point.X)}}","y":"{{Base64UrlEncoder.Encode(point.Y)}}"}""";
    }

    private static string Encode(string json) => Base64UrlEncoder.Encode(json);

    private static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        foreach (var (_, key) in keys)
        {
            key.Dispose();
        }
    }
}
