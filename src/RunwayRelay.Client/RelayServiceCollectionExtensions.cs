using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RunwayRelay.Client;

/// <summary>Registers <see cref="RunwayRelayClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the client uses.</summary>
    public const string HttpClientName = "RunwayRelay";

    /// <summary>
    /// Adds a typed <see cref="RunwayRelayClient"/> whose <see cref="HttpClient"/> carries <see cref="RelayHttpPipeline.CreateHandlers"/>.
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
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<RelayOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                foreach (var handler in RelayHttpPipeline.CreateHandlers(sp.GetRequiredService<IOptions<RelayOptions>>().Value))
                {
                    handlers.Add(handler);
                }
            });
        builder.AddTypedClient((httpClient, sp) => new RunwayRelayClient(httpClient, sp.GetRequiredService<IOptions<RelayOptions>>().Value));
        return builder;
    }
}
