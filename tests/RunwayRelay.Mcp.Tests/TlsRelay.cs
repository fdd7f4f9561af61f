using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// A relay over TLS on a real listener on 127.0.0.1, its certificate issued by a <see cref="TestCertificateAuthority"/>,
/// as a company's own relay's (or a TLS-inspecting proxy's) is. It answers every task read with that task, RUNNING.
/// </summary>
internal sealed class TlsRelay : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TestCertificateAuthority authority;

    private TlsRelay(WebApplication app, TestCertificateAuthority authority)
    {
        this.app = app;
        this.authority = authority;
    }

    /// <summary>The relay's root URL, <c>https://127.0.0.1:port/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The issuing authority's certificate, PEM, in a file of its own (deleted on dispose).</summary>
    public string AuthorityFile => authority.File;

    /// <param name="issuedFor">The name the relay's certificate is for: an IP address or a DNS name.</param>
    /// <param name="expired">Whether the certificate's validity ended yesterday.</param>
    public static async Task<TlsRelay> StartAsync(CancellationToken cancellationToken, string issuedFor = "127.0.0.1", bool expired = false)
    {
        var authority = new TestCertificateAuthority();
        var certificate = authority.Issue(issuedFor, expired);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.MapGet("/runwayml/v1/tasks/{id}", (string id, HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"id":"{{id}}","status":"RUNNING","createdAt":"2024-06-27T19:49:32.335Z","progress":0.5}""", context.RequestAborted);
        });
        var relay = new TlsRelay(app, authority);
        await app.StartAsync(cancellationToken);
        relay.BaseUrl = new Uri($"https://127.0.0.1:{new Uri(app.Urls.First()).Port}/");
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        authority.Dispose();
    }
}
