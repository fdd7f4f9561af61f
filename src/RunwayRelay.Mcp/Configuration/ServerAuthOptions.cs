namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// The HTTP transport as an OAuth 2.1 resource server (the MCP authorization spec): callers bring access tokens issued
/// by <see cref="Authority"/> for <see cref="Audience"/>. Bound from <c>Server:Auth</c>; off unless the authority is set.
/// </summary>
public sealed class ServerAuthOptions
{
    /// <summary>The authorization server (token issuer), such as <c>https://login.example.com/realms/agents</c>. Its
    /// OpenID/OAuth metadata and signing keys are read from there; tokens must carry it as <c>iss</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>This server as a resource: the URL clients reach the MCP endpoint by, such as
    /// <c>https://mcp.example.com/mcp</c>. Tokens must carry it as <c>aud</c>; the metadata document names it.</summary>
    public string? Audience { get; set; }

    /// <summary>Other <c>aud</c> values that name this server, accepted besides <see cref="Audience"/>: Microsoft Entra's
    /// v2.0 tokens carry the API's application (client) id, never its URL. Each must name this server alone.</summary>
    public IList<string> AcceptedAudiences { get; } = [];

    /// <summary>Where the issuer publishes its metadata (and through it its signing keys), when that is not
    /// <c>{Authority}/.well-known/openid-configuration</c>. An issuer may publish OAuth metadata only (RFC 8414, which the
    /// MCP authorization spec accepts instead of OpenID discovery); its address puts the well-known part before the
    /// issuer's path: <c>https://login.example.com/.well-known/oauth-authorization-server/realms/agents</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Scopes every token must hold (all of them), such as <c>runway.tasks.read</c>. None by default. One written
    /// with its resource (<c>https://mcp.example.com/mcp/runway.tasks.read</c>, as Microsoft Entra needs hosts to ask for
    /// it) is also held by a token naming it without (<c>runway.tasks.read</c>), as Entra's <c>scp</c> does; an
    /// application's own token (no <c>scp</c> or <c>scope</c>) holds it through an app role of that name in <c>roles</c>.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Whether this server publishes the issuer's metadata itself (RFC 8414, at the root of
    /// <see cref="Audience"/>'s origin, naming that origin as the authorization server) with what hosts require that the
    /// issuer leaves out: <c>code_challenge_methods_supported</c>, which Microsoft Entra ID and Amazon Cognito omit though
    /// they take PKCE. Sign-in and tokens stay the issuer's; only the document hosts read first is served from here.</summary>
    public bool PublishIssuerMetadata { get; set; }

    /// <summary>Whether tokens are required.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Problems with these settings, each saying how to fix it.</summary>
    public IEnumerable<string> Validate(string? bearerToken)
    {
        if (!Enabled)
        {
            (bool Set, string Name)[] settings =
            [
                (!string.IsNullOrWhiteSpace(Audience), nameof(Audience)),
                (AcceptedAudiences.Count > 0, nameof(AcceptedAudiences)),
                (Scopes.Count > 0, nameof(Scopes)),
                (!string.IsNullOrWhiteSpace(MetadataAddress), nameof(MetadataAddress)),
                (PublishIssuerMetadata, nameof(PublishIssuerMetadata)),
            ];
            var given = settings.Where(setting => setting.Set).Select(setting => $"Server:Auth:{setting.Name}").ToList();
            if (given.Count > 0)
            {
                yield return $"{string.Join(", ", given)} {(given.Count == 1 ? "needs" : "need")} Server:Auth:Authority, the issuer of the tokens: set it, or leave {(given.Count == 1 ? "it" : "them")} out.";
            }
            yield break;
        }
        if (!string.IsNullOrEmpty(bearerToken))
        {
            yield return "Server:BearerToken and Server:Auth:Authority both protect the endpoint; set one of them (a shared token, or tokens from an issuer).";
        }
        if (IssuerUrlProblem("Authority", Authority, "an https URL of a token issuer such as https://login.example.com/realms/agents") is { } authorityProblem)
        {
            yield return authorityProblem;
        }
        if (!string.IsNullOrWhiteSpace(MetadataAddress)
            && IssuerUrlProblem("MetadataAddress", MetadataAddress, "the https URL of the issuer's metadata, such as https://login.example.com/.well-known/oauth-authorization-server/realms/agents") is { } metadataProblem)
        {
            yield return metadataProblem;
        }
        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "Server:Auth:Audience is missing: set it to the URL clients reach this endpoint by, such as https://mcp.example.com/mcp.";
        }
        else if (!IsServerUrl(Audience, out _))
        {
            yield return $"Server:Auth:Audience has '{Audience}', which is not the http(s) URL of this endpoint, such as https://mcp.example.com/mcp.";
        }
        if (AcceptedAudiences.Any(a => string.IsNullOrWhiteSpace(a) || a.Any(char.IsWhiteSpace)))
        {
            yield return "Server:Auth:AcceptedAudiences has an empty audience or one with spaces; list each on its own (Server__Auth__AcceptedAudiences__0, ...).";
        }
        if (Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Any(char.IsWhiteSpace)))
        {
            yield return "Server:Auth:Scopes has an empty scope or one with spaces; list each scope on its own (Server__Auth__Scopes__0, Server__Auth__Scopes__1, ...).";
        }
    }

    /// <summary>An address the server fetches the issuer's metadata or keys from: https, or http on loopback only.</summary>
    private static string? IssuerUrlProblem(string setting, string? value, string expected)
    {
        if (!IsServerUrl(value, out var uri))
        {
            return $"Server:Auth:{setting} has '{value}', which is not {expected}.";
        }
        return uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback
            ? $"Server:Auth:{setting} must use https (http is accepted on loopback only, for a local issuer); it was {uri.GetLeftPart(UriPartial.Authority)}."
            : null;
    }

    private static bool IsServerUrl(string? value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
