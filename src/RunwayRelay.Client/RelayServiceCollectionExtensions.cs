using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RunwayRelay.Client;

/// <summary>Registers <see cref="RunwayRelayClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the client uses.</summary>
    public const string HttpClientName = "RunwayRelay";

    /// <summary>
    /// Adds one <see cref="RunwayRelayClient"/> (a singleton) whose <see cref="HttpClient"/> carries <see cref="RelayHttpPipeline.CreateHandlers"/>.
    /// Configure <see cref="RelayOptions"/> here, or bind them (<c>services.AddOptions&lt;RelayOptions&gt;().BindConfiguration(RelayOptions.Section)</c>).
    /// </summary>
    public static IHttpClientBuilder AddRunwayRelayClient(this IServiceCollection services, Action<RelayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RelayOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();

        var builder = services.AddHttpClient(HttpClientName)
            // The resilience handler's timeouts bound each call; HttpClient's own would cut across them.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(RelayHttpPipeline.CreatePrimaryHandler)
            // One client, one Kiota adapter, for the life of the application: the primary handler renews its
            // connections itself (PooledConnectionLifetime), so the factory need not rotate it.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                foreach (var handler in RelayHttpPipeline.CreateHandlers(sp.GetRequiredService<IOptions<RelayOptions>>().Value))
                {
                    handlers.Add(handler);
                }
            });
        services.TryAddSingleton(sp => new RunwayRelayClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<RelayOptions>>().Value));
        return builder;
    }
}
