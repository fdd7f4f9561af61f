using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// A relay over TLS on a real listener on 127.0.0.1, its certificate issued by an authority made for the test, as a
/// company's own relay's (or a TLS-inspecting proxy's) is: no machine trusts it until told to. It answers every task
/// read with that task, RUNNING. <see cref="AuthorityFile"/> holds the authority's certificate as PEM.
/// </summary>
internal sealed class TlsRelay : IAsyncDisposable
{
    private readonly WebApplication app;

    private TlsRelay(WebApplication app, string authorityFile)
    {
        this.app = app;
        AuthorityFile = authorityFile;
    }

    /// <summary>The relay's root URL, <c>https://127.0.0.1:port/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The issuing authority's certificate, PEM, in a file of its own (deleted on dispose).</summary>
    public string AuthorityFile { get; }

    /// <param name="issuedFor">The name the relay's certificate is for: an IP address or a DNS name.</param>
    /// <param name="expired">Whether the certificate's validity ended yesterday.</param>
    public static async Task<TlsRelay> StartAsync(CancellationToken cancellationToken, string issuedFor = "127.0.0.1", bool expired = false)
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=RunwayRelay test authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-3), now.AddDays(3));

        using var relayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var relayRequest = new CertificateRequest($"CN={issuedFor}", relayKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(issuedFor, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(issuedFor);
        }
        relayRequest.CertificateExtensions.Add(names.Build());
        relayRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        relayRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        relayRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var (from, to) = expired ? (now.AddDays(-2), now.AddDays(-1)) : (now.AddDays(-1), now.AddDays(1));
        using var issued = relayRequest.Create(authority, from, to, RandomNumberGenerator.GetBytes(8));
        var certificate = issued.CopyWithPrivateKey(relayKey);

        var authorityFile = Path.Combine(Path.GetTempPath(), $"runway-relay-test-authority-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(authorityFile, authority.ExportCertificatePem(), cancellationToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.MapGet("/runwayml/v1/tasks/{id}", (string id, HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"id":"{{id}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.5}""", context.RequestAborted);
        });
        var relay = new TlsRelay(app, authorityFile);
        await app.StartAsync(cancellationToken);
        relay.BaseUrl = new Uri($"https://127.0.0.1:{new Uri(app.Urls.First()).Port}/");
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        File.Delete(AuthorityFile);
    }
}
