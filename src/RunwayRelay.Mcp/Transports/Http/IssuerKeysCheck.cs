using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// Reads the issuer's metadata and signing keys once at start, through the JWT bearer handler's own configuration
/// manager (so the first call finds them cached), and says in the log whether that worked: a wrong authority or
/// metadata address shows at start instead of as every caller's 401, and an authority spelled otherwise than the
/// issuer spells itself instead of as a host that cannot sign its user in. Start-up does not wait for it or fail on it.
/// </summary>
internal sealed partial class IssuerKeysCheck(IOptionsMonitor<JwtBearerOptions> jwt, ILogger<IssuerKeysCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = jwt.Get(JwtBearerDefaults.AuthenticationScheme);
        if (options.ConfigurationManager is not { } manager)
        {
            return;
        }
        try
        {
            var configuration = await manager.GetConfigurationAsync(stoppingToken).ConfigureAwait(false);
            // The protected resource metadata names Server:Auth:Authority as the authorization server; hosts signing a
            // user in read the issuer's metadata from it and stop unless its issuer is the same string (RFC 8414 §3.3),
            // which a trailing slash breaks. Tokens are accepted either way, so only a host would find out. Said before
            // the keys line, so that a reader of that line has seen this one.
            if (!string.IsNullOrEmpty(configuration.Issuer) && !string.Equals(configuration.Issuer, options.Authority, StringComparison.Ordinal))
            {
                IssuerDiffers(logger, configuration.Issuer, options.Authority);
            }
            KeysRead(logger, configuration.SigningKeys.Count, options.MetadataAddress);
        }
        catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
        {
            var reason = Innermost(failure).Message;
            KeysUnreadable(logger, options.MetadataAddress, reason, CertificateAdvice.For(reason, "token issuer", "Server:Auth:Authority")
                ?? "Check Server:Auth:Authority and, for an issuer without OpenID discovery, Server:Auth:MetadataAddress.");
        }
    }

    private static Exception Innermost(Exception failure) => failure.InnerException is { } inner ? Innermost(inner) : failure;

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Count} signing key(s) of the token issuer from {MetadataAddress}.")]
    private static partial void KeysRead(ILogger logger, int count, string? metadataAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token issuer's metadata gives its issuer as {Issuer}, but Server:Auth:Authority is {Authority}: hosts signing a user in compare the two exactly (RFC 8414 §3.3) and stop when they differ, even by a trailing slash. Set Server:Auth:Authority to {Issuer}.")]
    private static partial void IssuerDiffers(ILogger logger, string issuer, string? authority);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the token issuer's metadata at {MetadataAddress} ({Reason}); every call will be refused with 401 until it can be read. {Advice}")]
    private static partial void KeysUnreadable(ILogger logger, string? metadataAddress, string reason, string advice);
}
