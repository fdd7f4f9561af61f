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

    /// <summary>Whether the metadata offers hosts Dynamic Client Registration (a <c>registration_endpoint</c>, at Keycloak's path).</summary>
    public bool OffersDynamicRegistration { get; set; }

    /// <summary>Whether the metadata says the issuer takes Client ID Metadata Documents.</summary>
    public bool OffersMetadataDocuments { get; set; }

    /// <summary>Whether the key set is published empty, as from an issuer whose signing keys are all disabled.</summary>
    public bool PublishesNoKeys { get; set; }

    /// <summary>Publishes a new key beside the others and signs with it from now on, as an issuer rotating its keys does:
    /// an RSA key (RS256), or with <paramref name="ecdsa"/> one on P-256 (ES256).</summary>
    public void RotateKey(bool ecdsa = false) =>
        keys.Add(($"test-key-{keys.Count + 1}", ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048)));

    /// <summary>The issuer (<c>iss</c>) and authority: the listener's address with a realm path, as Keycloak has it.</summary>
    public string Authority { get; private set; } = null!;

    /// <summary>Where the issuer's OAuth metadata (RFC 8414) is: the well-known part before the issuer's path.</summary>
    public string OAuthMetadataAddress { get; private set; } = null!;

    /// <summary>With <c>entra</c>: the tenant's id in the authority's path, as Microsoft Entra ID has it.</summary>
    public const string EntraTenantId = "6f1c2a4e-0d3b-4c8e-9a7f-2b5d8e1c4a90";

    /// <summary>With <c>entra</c>: the endpoint for many tenants, whose metadata names a template for its issuer.</summary>
    public string EntraManyTenantsAuthority { get; private set; } = null!;

    /// <param name="openIdDiscovery">Whether the metadata is also at <c>{Authority}/.well-known/openid-configuration</c>;
    /// without it the issuer publishes OAuth metadata only, as the MCP authorization spec allows.</param>
    /// <param name="tls">A certificate to serve https with; plain http without one.</param>
    /// <param name="entra">Paths and metadata as Microsoft Entra ID's v2.0 endpoint has them (learn.microsoft.com,
    /// "OpenID Connect on the Microsoft identity platform"): the authority <c>/{tenant}/v2.0</c>, the Entra-only
    /// <c>msgraph_host</c> and <c>cloud_instance_name</c>, and <c>/organizations/v2.0</c> naming <c>{tenantid}</c> as issuer.</param>
    public static async Task<TestTokenIssuer> StartAsync(CancellationToken cancellationToken, bool openIdDiscovery = true, X509Certificate2? tls = null, bool entra = false)
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
        var issuer = new TestTokenIssuer(app);
        var path = entra ? $"/{EntraTenantId}/v2.0" : "/realms/agents";
        // Entra's metadata leaves code_challenge_methods_supported out, though it takes S256; Keycloak lists it.
        var issuerMetadata = entra
            ? ""","msgraph_host":"graph.microsoft.com","cloud_instance_name":"microsoftonline.com" """
            : ""","code_challenge_methods_supported":["plain","S256"]""";
        RequestDelegate metadata = context => WriteJsonAsync(context, $$"""{"issuer":"{{issuer.Authority}}","jwks_uri":"{{issuer.Authority}}/keys","authorization_endpoint":"{{issuer.Authority}}/authorize","token_endpoint":"{{issuer.Authority}}/token","response_types_supported":["code"]{{issuer.ClientRegistrationMetadata()}}{{issuerMetadata}}}""");
        if (openIdDiscovery)
        {
            app.MapGet($"{path}/.well-known/openid-configuration", metadata);
        }
        if (entra)
        {
            app.MapGet("/organizations/v2.0/.well-known/openid-configuration", (RequestDelegate)(context =>
                WriteJsonAsync(context, $$"""{"issuer":"{{issuer.EntraManyTenantsAuthority.Replace("organizations", "{tenantid}", StringComparison.Ordinal)}}","jwks_uri":"{{issuer.Authority}}/keys"{{issuerMetadata}}}""")));
        }
        app.MapGet($"/.well-known/oauth-authorization-server{path}", metadata);
        app.MapGet($"{path}/keys", (RequestDelegate)(async context =>
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
        app.MapGet($"{path}/authorize", (RequestDelegate)issuer.Authorize);
        app.MapPost($"{path}/token", (RequestDelegate)issuer.IssueTokenAsync);
        await app.StartAsync(cancellationToken);
        issuer.Authority = $"{app.Urls.First()}{path}";
        issuer.OAuthMetadataAddress = $"{app.Urls.First()}/.well-known/oauth-authorization-server{path}";
        issuer.EntraManyTenantsAuthority = $"{app.Urls.First()}/organizations/v2.0";
        return issuer;
    }

    // Sign-in codes handed out and not yet exchanged: the PKCE challenge and the scopes' names they were asked with.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Challenge, string Scope)> codes = new();

    /// <summary>The audience of the tokens sign-in gives: Microsoft Entra's v2.0 tokens name the API's application id.</summary>
    public string SignInAudience { get; set; } = "";

    /// <summary>How many token requests arrived.</summary>
    public int TokenRequests => tokenRequests;

    private int tokenRequests;

    // The authorization endpoint, as a user's sign-in ends at it: S256 PKCE required, and, as Entra has it, the scopes
    // must belong to the resource asked for (AADSTS9010010 otherwise). Answers with the redirect a browser would follow.
    private Task Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        var scopes = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(scope => scope is not ("openid" or "profile" or "email" or "offline_access")).ToList();
        var resource = query["resource"].ToString();
        var redirect = query["redirect_uri"].ToString();
        if (query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(redirect))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }
        // A scope without its resource would be Microsoft Graph's: not one this issuer signs in for.
        if (scopes.Count == 0 || scopes.Any(scope => !scope.Contains('/', StringComparison.Ordinal))
            || (resource.Length > 0 && scopes.Any(scope => !scope.StartsWith($"{resource.TrimEnd('/')}/", StringComparison.Ordinal))))
        {
            context.Response.Redirect($"{redirect}?error=invalid_target&error_description=AADSTS9010010&state={Uri.EscapeDataString(query["state"].ToString())}");
            return Task.CompletedTask;
        }
        var code = Guid.NewGuid().ToString("N");
        codes[code] = (query["code_challenge"].ToString(), string.Join(' ', scopes.Select(scope => scope[(scope.LastIndexOf('/') + 1)..])));
        context.Response.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
        return Task.CompletedTask;
    }

    // The token endpoint: a code for a token whose scp holds the scopes' names alone, as Entra's do, once the verifier
    // matches the code's challenge.
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
        await WriteJsonAsync(context, $$"""{"access_token":"{{Mint(SignInAudience, granted.Scope, scopeClaim: "scp")}}","token_type":"Bearer","expires_in":300}""");
    }

    private string ClientRegistrationMetadata() =>
        (OffersDynamicRegistration ? $",\"registration_endpoint\":\"{Authority}/clients-registrations/openid-connect\"" : "")
        + (OffersMetadataDocuments ? ""","client_id_metadata_document_supported":true""" : "");

    /// <summary>A token signed with the published key, for <paramref name="audience"/>, with these changes; the scopes in
    /// <paramref name="scopeClaim"/> (Microsoft Entra's and Okta's <c>scp</c>, or RFC 9068's <c>scope</c>).</summary>
    public string Mint(string audience, string scope, string? issuer = null, TimeSpan? expiresIn = null, RSA? signWith = null, TimeSpan? startsIn = null, string? keyId = null, string scopeClaim = "scope")
    {
        var now = DateTime.UtcNow + (startsIn ?? TimeSpan.Zero);
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "agent-7"), new Claim(scopeClaim, scope)]),
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = (signWith ?? keys[^1].Key) switch
            {
                RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId ?? KeyId }, SecurityAlgorithms.RsaSha256),
                var ecdsa => new SigningCredentials(new ECDsaSecurityKey((ECDsa)ecdsa) { KeyId = keyId ?? KeyId }, SecurityAlgorithms.EcdsaSha256),
            },
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
