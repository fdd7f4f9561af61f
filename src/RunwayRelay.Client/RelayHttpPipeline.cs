using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Polly;

namespace RunwayRelay.Client;

/// <summary>
/// The HTTP handlers every relay call goes through, in order, built from <see cref="RelayOptions"/>: one
/// definition for both the plain <see cref="RunwayRelayClient.Create"/> path and dependency injection.
/// </summary>
public static class RelayHttpPipeline
{
    /// <summary>
    /// Microsoft.Extensions.Http.Resilience's handler with the timeouts and retry of its standard pipeline (a total
    /// timeout over retries of 429/502/503/504, honouring <c>Retry-After</c>, and of dropped connections, each attempt
    /// under its own timeout; no rate limiter or circuit breaker, as waits ride out an outage poll by poll), Kiota's
    /// redirect handler (same host only, see <see cref="CrossHostRedirectHandler"/>; the key is scrubbed should a
    /// redirect change scheme) and User-Agent handler, then the X-Runway-Version, request-count, cross-host redirect,
    /// body-as-JSON, echoed-key redaction and response-size handlers.
    /// </summary>
    public static IList<DelegatingHandler> CreateHandlers(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handlers = new List<DelegatingHandler>
        {
            new ResilienceHandler(CreateResiliencePipeline(options)),
            new RedirectHandler(),
            new UserAgentHandler(new UserAgentHandlerOption { ProductName = ProductInfo.Name, ProductVersion = ProductInfo.Version }),
        };
        if (!string.IsNullOrEmpty(options.RunwayVersion))
        {
            handlers.Add(new RunwayVersionHandler(options.RunwayVersion));
        }
        handlers.Add(new RelayRequestCountHandler());
        handlers.Add(new CrossHostRedirectHandler());
        handlers.Add(new BodyAsJsonHandler());
        handlers.Add(new EchoedKeyRedactionHandler());
        handlers.Add(new ResponseSizeLimitHandler(options.MaxResponseBytes));
        return handlers;
    }

    /// <summary>An <see cref="HttpClient"/> with <see cref="CreateHandlers"/> in front of <paramref name="innerHandler"/>.</summary>
    public static HttpClient CreateHttpClient(RelayOptions options, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        HttpMessageHandler pipeline = innerHandler ?? CreatePrimaryHandler();
        foreach (var handler in CreateHandlers(options).Reverse())
        {
            handler.InnerHandler = pipeline;
            pipeline = handler;
        }
        // The resilience handler's timeouts bound each call; HttpClient's own would cut across them.
        return new HttpClient(pipeline) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// The handler that reaches the network: redirects are left to Kiota's handler, connections renewed for DNS
    /// changes, through the environment's proxy (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>ALL_PROXY</c>,
    /// <c>NO_PROXY</c>) except to a relay on this machine's loopback (<see cref="ProxyFor"/>).
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        Proxy = DirectForLoopbackProxy.Instance,
    };

    /// <summary>
    /// The proxy a request to <paramref name="relayUrl"/> goes through from <see cref="CreatePrimaryHandler"/>, as the
    /// environment names it but without the user part (the credentials go to the proxy apart from its URL, so that
    /// .NET's errors, which quote the URL, never hold them), or <c>null</c> when it goes directly: always for a relay on
    /// this machine's loopback, which a proxy elsewhere cannot reach.
    /// </summary>
    public static Uri? ProxyFor(Uri relayUrl) => DirectForLoopbackProxy.Instance.GetProxy(relayUrl) is { } proxy && proxy != relayUrl ? proxy : null;

    private static ResiliencePipeline<HttpResponseMessage> CreateResiliencePipeline(RelayOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is HttpRequestException failure
                    ? IsDroppedConnection(failure)
                    : IsWorthRetrying(arguments.Outcome.Result, options.MaxRetryDelay)),
            });
        }
        return pipeline.AddTimeout(options.Timeout).Build();
    }

    // Runway's transient answers. A Retry-After longer than the caller will wait is handed back as the typed error.
    private static bool IsWorthRetrying(HttpResponseMessage? response, TimeSpan maxRetryDelay)
    {
        if (response?.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
        {
            return false;
        }
        return RetryAfterHeader.Read(response, TimeProvider.System) is not { } asked || asked <= maxRetryDelay;
    }

    // A connection refused, or reset or closed before the whole answer arrived: Runway's own SDKs retry connection
    // errors too (runwayml/sdk-node README, "Retries"), and the GET is safe to repeat. A host name that does not
    // resolve, a failed TLS handshake or an answer that is not HTTP is a setting to fix, which asking again would only delay.
    private static bool IsDroppedConnection(HttpRequestException failure) => failure.HttpRequestError switch
    {
        HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded => true,
        HttpRequestError.Unknown => failure.InnerException is IOException,
        _ => false,
    };
}
