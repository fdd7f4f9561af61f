using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// The outbound proxy the relay's requests go through, as the client's handler chooses it
/// (<see cref="RelayHttpPipeline.ProxyFor"/>), so that failures and start-up name it: by scheme, host and port only,
/// since the environment's proxy URL may carry a user name and password (<see cref="Secrets"/>, to scrub: .NET quotes
/// the whole URL in some of its errors).
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
        if (proxy is null)
        {
            return;
        }
        Address = proxy.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        if (proxy.UserInfo is { Length: > 0 } userInfo)
        {
            var password = userInfo.IndexOf(':', StringComparison.Ordinal) is >= 0 and var colon ? userInfo[(colon + 1)..] : string.Empty;
            Secrets = new[] { userInfo, Uri.UnescapeDataString(userInfo), password, Uri.UnescapeDataString(password) }
                .Where(secret => secret.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Scheme, host and port of the proxy; <c>null</c> when the relay is reached directly.</summary>
    public string? Address { get; }

    /// <summary>The environment variables the proxy comes from, as a sentence names them.</summary>
    public string Variables { get; }

    /// <summary>The proxy URL's user part and password, escaped and not: never to appear in a result or a log line.</summary>
    public IReadOnlyList<string> Secrets { get; } = [];
}
