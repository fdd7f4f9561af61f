using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// The outbound proxy the relay's requests go through, as the client's handler chooses it
/// (<see cref="RelayHttpPipeline.ProxyFor"/>), so that failures and start-up name it: by scheme, host and port only,
/// since the environment's proxy URL may carry a user name and password.
/// </summary>
internal sealed class RelayProxy
{
    /// <summary>No proxy: the relay is reached directly.</summary>
    public static readonly RelayProxy None = new(null, null);

    public RelayProxy(Uri? relayUrl)
        : this(relayUrl, relayUrl is null ? null : RelayHttpPipeline.ProxyFor(relayUrl))
    {
    }

    /// <summary>With the proxy given rather than read from the environment (tests).</summary>
    internal RelayProxy(Uri? relayUrl, Uri? proxy)
    {
        // Where .NET looks for it, in its order: the scheme's own variable, then ALL_PROXY.
        Variables = relayUrl is null ? "HTTPS_PROXY, HTTP_PROXY or ALL_PROXY"
            : relayUrl.Scheme == Uri.UriSchemeHttps ? "HTTPS_PROXY or ALL_PROXY" : "HTTP_PROXY or ALL_PROXY";
        Address = proxy?.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
    }

    /// <summary>Scheme, host and port of the proxy; <c>null</c> when the relay is reached directly.</summary>
    public string? Address { get; }

    /// <summary>The environment variables the proxy comes from, as a sentence names them.</summary>
    public string Variables { get; }
}
