using System.Net;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace RunwayRelay.Client;

/// <summary>
/// The HTTP handlers every relay call goes through, in order, built from <see cref="RelayOptions"/>: one
/// definition for both the plain <see cref="RunwayRelayClient.Create"/> path and dependency injection.
/// </summary>
public static class RelayHttpPipeline
{
    /// <summary>Kiota's default handlers (retry honouring Retry-After, redirects on the relay's own host only, User-Agent, ...)
    /// set from <paramref name="options"/>, then the X-Runway-Version, cross-host redirect, error-body and response-size handlers.</summary>
    public static IList<DelegatingHandler> CreateHandlers(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var maxRetries = options.MaxRetries;
        var handlers = KiotaClientFactory.CreateDefaultHandlers(
        [
            new RetryHandlerOption
            {
                MaxRetry = options.MaxRetries,
                Delay = 1,
                // A Retry-After longer than this is handed back to the caller (as a 429/503 error) instead of waited out.
                RetriesTimeLimit = options.MaxRetryDelay > TimeSpan.Zero ? options.MaxRetryDelay : TimeSpan.FromTicks(1),
                // Stopping one short of Kiota's own limit returns the last answer as a typed error instead of
                // Kiota's "too many retries" AggregateException.
                ShouldRetry = (_, attempt, response) => attempt < maxRetries && response.StatusCode is HttpStatusCode.TooManyRequests
                    or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
            },
            new UserAgentHandlerOption { ProductName = ProductInfo.Name, ProductVersion = ProductInfo.Version },
        ]);
        if (!string.IsNullOrEmpty(options.RunwayVersion))
        {
            handlers.Add(new RunwayVersionHandler(options.RunwayVersion));
        }
        handlers.Add(new CrossHostRedirectHandler());
        handlers.Add(new ErrorBodyAsJsonHandler());
        handlers.Add(new ResponseSizeLimitHandler(options.MaxResponseBytes));
        return handlers;
    }

    /// <summary>An <see cref="HttpClient"/> with <see cref="CreateHandlers"/> in front of <paramref name="innerHandler"/>.</summary>
    public static HttpClient CreateHttpClient(RelayOptions options, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = KiotaClientFactory.Create(CreateHandlers(options), innerHandler ?? new SocketsHttpHandler
        {
            // Redirects are followed (and the key scrubbed on a host change) by Kiota's handler, not here.
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        client.Timeout = options.Timeout;
        return client;
    }
}
