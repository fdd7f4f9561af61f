using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Transports.Http;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// <c>--check</c>: a pre-flight of a built (not started) server, for a person setting it up or a deployment pipeline.
/// The settings are validated as start validates them (exit 2 from the caller when they are not valid); then it tries
/// what the server depends on across the network: the relay (<see cref="RelayCheck"/>) and, when access tokens are
/// required, their issuer (<see cref="TokenIssuerCheck"/>). Said on <c>output</c>, not logged: it was asked for.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Runs every check that applies to <paramref name="services"/>' settings: 0 when all pass, 1 when one does not.
    /// Throws as start would when the settings are not valid.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetRequiredService<IStartupValidator>().Validate();
        var server = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var http = server.Transport == McpTransport.Http;
        var relay = await RelayCheck.RunAsync(services.GetRequiredService<IOptions<RelayOptions>>().Value, callersBringKeys: http, output, cancellationToken).ConfigureAwait(false);
        if (!http || !server.Auth.Enabled)
        {
            return relay;
        }
        var jwt = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var read = await TokenIssuerRead.ReadAsync(jwt, server.Auth, cancellationToken).ConfigureAwait(false);
        var issuer = read is null ? 0 : await TokenIssuerCheck.ReportAsync(read, output).ConfigureAwait(false);
        return Math.Max(relay, issuer);
    }
}
