using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// What to do about a server certificate .NET refused, the same for the relay and for the token issuer. .NET names
/// what is wrong by <see cref="SslPolicyErrors"/> and <see cref="X509ChainStatusFlags"/> values in its message, and
/// each has its own fix. A name that does not match is told first, as the chain of a certificate for another name is
/// beside the point.
/// </summary>
internal static class CertificateAdvice
{
    /// <param name="said">.NET's message about the failed TLS handshake.</param>
    /// <param name="server">Who presented the certificate: "relay", "token issuer".</param>
    /// <param name="setting">The setting that names its host.</param>
    /// <returns>The fix, or <c>null</c> for another TLS failure (a port that does not speak TLS, say).</returns>
    public static string? For(string said, string server, string setting) =>
        said.Contains(nameof(SslPolicyErrors.RemoteCertificateNameMismatch), StringComparison.Ordinal)
            ? $"The {server}'s certificate is issued for another name than the host in {setting}: use the name it is issued for."
        : said.Contains(nameof(X509ChainStatusFlags.NotTimeValid), StringComparison.Ordinal)
            ? $"The {server}'s certificate has expired or is not valid yet: check this machine's date and time; otherwise the {server} must renew its certificate."
        : said.Contains(nameof(X509ChainStatusFlags.PartialChain), StringComparison.Ordinal) || said.Contains(nameof(X509ChainStatusFlags.UntrustedRoot), StringComparison.Ordinal)
            ? $"The {server}'s certificate is issued by an authority this machine does not trust, as a company's own {server}'s or a TLS-inspecting proxy's often is: trust that authority here (on Linux, set SSL_CERT_FILE in the server's environment to a PEM file with its certificate; elsewhere, add it to the system's certificate store)."
        : null;
}
