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
        // Every problem at once, as start says settings problems; a read that failed has nothing more to say.
        var problems = new List<string>();
        if (read.Unreadable is { } reason)
        {
            problems.Add($"cannot read them ({reason}): every call would be refused with 401. {read.Advice}");
        }
        else
        {
            if (read.SigningKeys == 0)
            {
                problems.Add($"the issuer publishes no signing keys: every call would be refused with 401. {TokenIssuerRead.NoKeysAdvice}");
            }
            if (read.DifferentIssuer is { } issuer)
            {
                problems.Add($"the issuer names itself {issuer}, but Server:Auth:Authority is {read.Authority}: tokens pass, but {TokenIssuerRead.SpellingMatters}. Set Server:Auth:Authority to {issuer}.");
            }
            problems.AddRange(read.SettingsProblems);
        }
        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"Problem: {problem}").ConfigureAwait(false);
        }
        if (problems.Count == 0)
        {
            await output.WriteLineAsync($"OK: the issuer {read.Authority} publishes {read.SigningKeys} signing key(s): access tokens it signs for Server:Auth:Audience can be checked.").ConfigureAwait(false);
        }
        if (read.Unreadable is null)
        {
            // How hosts get a client id to sign users in with (the MCP authorization spec's client registration), and
            // whether the metadata they read lists PKCE: each a deployment choice with a cost either way, so said
            // without failing the check.
            await output.WriteLineAsync(read.ClientRegistration.Count > 0
                ? $"Hosts can register themselves with the issuer: {string.Join(", ", read.ClientRegistration)}."
                : $"Note: {TokenIssuerRead.NoClientRegistration}.").ConfigureAwait(false);
            if (read.PkceUnlisted)
            {
                await output.WriteLineAsync($"Note: {TokenIssuerRead.NoPkceMethods}.").ConfigureAwait(false);
            }
            if (read.ProductReminder is { } reminder)
            {
                await output.WriteLineAsync($"Note: {reminder}.").ConfigureAwait(false);
            }
        }
        return problems.Count > 0 ? 1 : 0;
    }
}
