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
    /// what to set: those of its product (<see cref="IssuerProductNotes.Problems"/>), and the issuer's metadata published
    /// from here for an issuer that sends <c>iss</c> with its sign-in's answer.</summary>
    public IReadOnlyList<string> SettingsProblems { get; private init; } = [];

    /// <summary>Whether hosts read metadata that does not list S256 PKCE: the issuer's own, not published from here.</summary>
    public bool PkceUnlisted { get; private init; }

    /// <summary>What <see cref="PkceUnlisted"/> means for hosts, and the setting that changes it. Said, not failed on: VS
    /// Code signs users in to Entra with its own account provider, which a published copy would turn off.</summary>
    public const string NoPkceMethods = "the issuer's metadata does not list S256 in code_challenge_methods_supported, and hosts that follow the MCP authorization spec (2025-11-25) refuse to sign users in with it, the MCP C# SDK's client and Claude's connectors among them (VS Code signs users in to Microsoft Entra ID with its own account provider). For them, set Server:Auth:PublishIssuerMetadata=true: the issuer's metadata is then published from this server with S256 added, and VS Code signs in as at any issuer, asking for a client id";

    /// <summary>What hosts need of this issuer's product that no metadata shows (<see cref="IssuerProductNotes.Reminder"/>):
    /// said by <c>--check</c> only, as nothing here can tell whether the tenant or user pool has it.</summary>
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
                SettingsProblems = [.. IssuerProductNotes.Problems(configuration, auth, template), .. PublishedCopyProblems(configuration, auth)],
                PkceUnlisted = !auth.PublishIssuerMetadata && !configuration.CodeChallengeMethodsSupported.Contains("S256"),
                ProductReminder = IssuerProductNotes.Reminder(configuration, auth),
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

    private static List<string> ClientRegistrationOf(OpenIdConnectConfiguration configuration)
    {
        var ways = new List<string>();
        if (IsTrue(configuration.AdditionalData, "client_id_metadata_document_supported"))
        {
            ways.Add("Client ID Metadata Documents");
        }
        if (!string.IsNullOrEmpty(configuration.RegistrationEndpoint) && IssuerProductNotes.RegistrationOpenToHosts(configuration.RegistrationEndpoint))
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
