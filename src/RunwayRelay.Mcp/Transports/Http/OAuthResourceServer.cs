using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// The MCP endpoint as an OAuth 2.1 resource server (MCP authorization spec): ASP.NET Core's JWT bearer handler checks
/// each access token against the issuer's published keys, and the MCP SDK's handler publishes the Protected Resource
/// Metadata (RFC 9728) and puts its address in every 401 challenge. Settings come from <see cref="ServerAuthOptions"/>,
/// read when the app starts.
/// </summary>
internal static class OAuthResourceServer
{
    /// <summary>The policy the MCP endpoint requires: a valid token holding every configured scope.</summary>
    public const string Policy = "mcp-callers";

    // Signatures by the issuer's public keys only: "none" and HMAC (where the public key could be misused as the shared
    // secret) are refused whatever the token's header says.
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>How long a read of the issuer's metadata or keys may take. Calls wait for a read that is due (every 12
    /// hours, or for a key not seen yet, at most every 5 minutes: the project file's UpdateConfigAsBlocking switch), so
    /// an issuer that stops answering holds them this long, not the handler's default minute; then the keys already
    /// read serve.</summary>
    private static readonly TimeSpan IssuerReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Adds token validation, the metadata document and the <see cref="Policy"/>.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultAuthenticateScheme = JwtBearerDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = McpAuthenticationDefaults.AuthenticationScheme;
            })
            .AddJwtBearer()
            .AddMcp();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<ServerOptions>>(ConfigureTokens);
        services.AddOptions<McpAuthenticationOptions>(McpAuthenticationDefaults.AuthenticationScheme).Configure<IOptions<ServerOptions>>((mcp, server) =>
            mcp.ResourceMetadata = new ProtectedResourceMetadata
            {
                Resource = server.Value.Auth.Audience!,
                AuthorizationServers = [server.Value.Auth.PublishIssuerMetadata ? PublishedIssuerMetadata.IssuerOf(server.Value.Auth) : server.Value.Auth.Authority!],
                ScopesSupported = [.. server.Value.Auth.Scopes],
                BearerMethodsSupported = ["header"],
                ResourceName = "Runway relay video tasks (MCP)",
            });
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ServerOptions>>((authorization, server) =>
            authorization.AddPolicy(Policy, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => MissingScopes(context.User, server.Value.Auth.Scopes).Count == 0)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, TokenRefusalResponder>();
        services.AddHostedService<IssuerKeysCheck>();
    }

    /// <summary>The required scopes <paramref name="user"/>'s token lacks; scopes come as a space-separated <c>scope</c>
    /// claim (RFC 9068) or as <c>scp</c> (one claim each, or space-separated, as some issuers send them). A token with
    /// neither is an application's own (the client credentials grant, which the MCP extension SEP-1046 gives agents
    /// without a user): Microsoft Entra puts the permissions granted to it in <c>roles</c> instead, which then count.</summary>
    public static IReadOnlyList<string> MissingScopes(ClaimsPrincipal user, IEnumerable<string> required)
    {
        var scopes = user.FindAll("scope").Concat(user.FindAll("scp")).ToList();
        var held = (scopes.Count > 0 ? scopes : user.FindAll("roles"))
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        return [.. required.Where(scope => !held.Contains(scope) && !(NameWithoutResource(scope) is { } name && held.Contains(name)))];
    }

    /// <summary>The scope's name when it is written with the resource it belongs to (<c>https://mcp.example.com/mcp/read</c>
    /// or <c>api://app-id/read</c>: read), else <c>null</c>. Microsoft Entra needs hosts to ask for a scope so, and puts
    /// the name alone in the token's <c>scp</c>; its <c>aud</c>, checked first, says the resource.</summary>
    public static string? NameWithoutResource(string scope)
    {
        var slash = scope.LastIndexOf('/');
        return slash > 0 && slash < scope.Length - 1 && Uri.TryCreate(scope[..slash], UriKind.Absolute, out _) ? scope[(slash + 1)..] : null;
    }

    private static void ConfigureTokens(JwtBearerOptions jwt, IOptions<ServerOptions> server)
    {
        var auth = server.Value.Auth;
        jwt.Authority = auth.Authority;
        jwt.Audience = auth.Audience;
        // Unset, the handler reads {Authority}/.well-known/openid-configuration.
        var metadataAddress = string.IsNullOrWhiteSpace(auth.MetadataAddress) ? null : auth.MetadataAddress;
        if (metadataAddress is not null)
        {
            jwt.MetadataAddress = metadataAddress;
        }
        var onThisMachine = new Uri(metadataAddress ?? auth.Authority!).IsLoopback;
        // Metadata over plain http only from an issuer on this machine (a local test issuer); validation refuses others.
        jwt.RequireHttpsMetadata = !onThisMachine;
        if (onThisMachine)
        {
            // Reached directly, as a relay on loopback is: .NET would send it to the proxy the environment names unless
            // NO_PROXY lists loopback, and every token would be refused for want of the keys.
            jwt.BackchannelHttpHandler = new SocketsHttpHandler { UseProxy = false };
        }
        jwt.BackchannelTimeout = IssuerReadTimeout;
        // Claims keep their names from the token (scope, sub), not the WS-Federation URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.ValidIssuer = auth.Authority;
        jwt.TokenValidationParameters.ValidAudiences = [auth.Audience!, .. auth.AcceptedAudiences];
        jwt.TokenValidationParameters.ValidAlgorithms = AsymmetricAlgorithms;
        jwt.TokenValidationParameters.ValidateIssuer = true;
        jwt.TokenValidationParameters.ValidateAudience = true;
        jwt.TokenValidationParameters.ValidateLifetime = true;
        jwt.TokenValidationParameters.RequireExpirationTime = true;
        jwt.TokenValidationParameters.RequireSignedTokens = true;
        jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
    }
}
