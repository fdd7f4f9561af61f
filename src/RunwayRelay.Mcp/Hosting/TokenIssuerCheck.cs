using RunwayRelay.Mcp.Transports.Http;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// <c>--check</c> of a server that requires access tokens: reads the issuer's metadata and keys as the JWT bearer handler
/// will (<see cref="TokenIssuerRead"/>), so a wrong authority, an issuer this machine cannot reach or trust, or an
/// authority spelled otherwise than the issuer names itself shows before any user is refused or cannot sign in.
/// </summary>
internal static class TokenIssuerCheck
{
    /// <summary>Says what the read found on <paramref name="output"/>: 0 when tokens from the issuer can be checked and
    /// hosts can sign users in with it, 1 when not.</summary>
    public static async Task<int> ReportAsync(TokenIssuerRead read, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync($"Reading the token issuer's metadata and signing keys from {read.MetadataAddress}, as the server does to check access tokens.").ConfigureAwait(false);
        var problem = read switch
        {
            { Unreadable: { } reason } => $"cannot read them ({reason}): every call would be refused with 401. {read.Advice}",
            { SigningKeys: 0 } => "the issuer publishes no signing keys: every call would be refused with 401. Check that the issuer has an active signing key, and its metadata's jwks_uri.",
            { DifferentIssuer: { } issuer } => $"the issuer names itself {issuer}, but Server:Auth:Authority is {read.Authority}: tokens pass, but hosts signing a user in compare the two exactly (RFC 8414 §3.3) and stop. Set Server:Auth:Authority to {issuer}.",
            _ => null,
        };
        if (problem is not null)
        {
            await output.WriteLineAsync($"Problem: {problem}").ConfigureAwait(false);
            return 1;
        }
        await output.WriteLineAsync($"OK: the issuer {read.Authority} publishes {read.SigningKeys} signing key(s): access tokens it signs for Server:Auth:Audience can be checked.").ConfigureAwait(false);
        return 0;
    }
}
