using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// Reads the issuer's metadata and signing keys once at start (<see cref="TokenIssuerRead"/>), so the first call finds
/// them cached, and says in the log whether that worked: a wrong authority or metadata address shows at start instead
/// of as every caller's 401, and an authority spelled otherwise than the issuer spells itself instead of as a host that
/// cannot sign its user in. Start-up does not wait for it or fail on it.
/// </summary>
internal sealed partial class IssuerKeysCheck(IOptionsMonitor<JwtBearerOptions> jwt, IOptions<ServerOptions> server, ILogger<IssuerKeysCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var read = await TokenIssuerRead.ReadAsync(jwt.Get(JwtBearerDefaults.AuthenticationScheme), server.Value.Auth, stoppingToken).ConfigureAwait(false);
        if (read is null)
        {
            return;
        }
        if (read.Unreadable is { } reason)
        {
            KeysUnreadable(logger, read.MetadataAddress, reason, read.Advice);
            return;
        }
        // All said before the keys line, so that a reader of that line has seen them.
        if (read.DifferentIssuer is { } issuer)
        {
            IssuerDiffers(logger, issuer, read.Authority);
        }
        foreach (var problem in read.SettingsProblems)
        {
            SettingsProblem(logger, problem);
        }
        if (read.ClientRegistration.Count == 0)
        {
            NoClientRegistration(logger);
        }
        if (read.PkceUnlisted)
        {
            PkceUnlisted(logger);
        }
        if (read.SigningKeys == 0)
        {
            NoKeys(logger, read.MetadataAddress);
        }
        else
        {
            KeysRead(logger, read.SigningKeys, read.MetadataAddress);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Count} signing key(s) of the token issuer from {MetadataAddress}.")]
    private static partial void KeysRead(ILogger logger, int count, string? metadataAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token issuer's metadata gives its issuer as {Issuer}, but Server:Auth:Authority is {Authority}: " + TokenIssuerRead.SpellingMatters + ". Set Server:Auth:Authority to {Issuer}.")]
    private static partial void IssuerDiffers(ILogger logger, string issuer, string? authority);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token issuer and the settings do not fit: {Problem}")]
    private static partial void SettingsProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the token issuer's metadata at {MetadataAddress} ({Reason}); every call will be refused with 401 until it can be read. {Advice}")]
    private static partial void KeysUnreadable(ILogger logger, string? metadataAddress, string reason, string? advice);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing users in: " + TokenIssuerRead.NoClientRegistration + ".")]
    private static partial void NoClientRegistration(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing users in: " + TokenIssuerRead.NoPkceMethods + ".")]
    private static partial void PkceUnlisted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token issuer publishes no signing keys (metadata at {MetadataAddress}): every call will be refused with 401 until it does. " + TokenIssuerRead.NoKeysAdvice)]
    private static partial void NoKeys(ILogger logger, string? metadataAddress);
}
