using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// What a load balancer in front tells the server: the scheme the caller used (TLS ends at the balancer) and the caller's
/// address, in <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c>, believed from <see cref="ServerOptions.TrustedProxies"/>
/// only (loopback when none is listed, as ASP.NET Core has it). <c>X-Forwarded-Host</c> is not read: the Host guard
/// checks the real <c>Host</c>, which balancers pass through.
/// </summary>
internal static class BalancerForwarding
{
    public static void Configure(ForwardedHeadersOptions forwarded, IOptions<ServerOptions> server)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor;
        if (server.Value.TrustedProxies.Count == 0)
        {
            return;
        }
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in server.Value.TrustedProxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                forwarded.KnownProxies.Add(address);
            }
            else
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            }
        }
    }
}
