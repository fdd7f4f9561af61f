using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>Readiness: healthy from the moment the server has started (settings valid, listener bound) until it begins
/// to stop, so a load balancer stops sending new calls to an instance that is draining.</summary>
internal sealed class ServingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("stopping")
            : lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Healthy("serving")
            : HealthCheckResult.Unhealthy("starting"));
}
