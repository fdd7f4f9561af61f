using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// A certificate authority made for one test, as a company's own is: no machine trusts it until told to. It issues
/// TLS server certificates; <see cref="File"/> holds its own certificate as PEM (deleted on dispose), for SSL_CERT_FILE.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 certificate;

    public TestCertificateAuthority()
    {
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest("CN=RunwayRelay test authority", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        certificate = request.CreateSelfSigned(now.AddDays(-3), now.AddDays(3));
        File = Path.Combine(Path.GetTempPath(), $"runway-relay-test-authority-{Guid.NewGuid():N}.pem");
        System.IO.File.WriteAllText(File, certificate.ExportCertificatePem());
    }

    /// <summary>The authority's certificate, PEM.</summary>
    public string File { get; }

    /// <summary>A server certificate with its private key.</summary>
    /// <param name="issuedFor">The name it is for: an IP address or a DNS name.</param>
    /// <param name="expired">Whether its validity ended yesterday.</param>
    public X509Certificate2 Issue(string issuedFor = "127.0.0.1", bool expired = false)
    {
        var now = DateTimeOffset.UtcNow;
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={issuedFor}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(issuedFor, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(issuedFor);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificate, true, false));
        var (from, to) = expired ? (now.AddDays(-2), now.AddDays(-1)) : (now.AddDays(-1), now.AddDays(1));
        using var issued = request.Create(certificate, from, to, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(serverKey);
    }

    public void Dispose()
    {
        System.IO.File.Delete(File);
        certificate.Dispose();
        key.Dispose();
    }
}
