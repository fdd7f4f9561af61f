using System.Net;

namespace RunwayRelay.Client;

/// <summary>
/// The environment's proxy (<see cref="HttpClient.DefaultProxy"/>: <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>,
/// <c>ALL_PROXY</c>, <c>NO_PROXY</c>), except that a relay on this machine's loopback is reached directly. .NET would
/// send even <c>127.0.0.1</c> to the proxy unless <c>NO_PROXY</c> lists it, and a proxy on another machine cannot
/// reach this one's loopback: a local gateway or the sandbox would fail on any machine with a proxy set. Go's
/// net/http never proxies loopback either (golang.org/x/net/http/httpproxy).
/// </summary>
internal sealed class DirectForLoopbackProxy : IWebProxy
{
    public static readonly DirectForLoopbackProxy Instance = new();

    // Read at each use: an application may replace the default proxy after the handler was built.
    private static IWebProxy Environment => HttpClient.DefaultProxy;

    public ICredentials? Credentials
    {
        get => Environment.Credentials;
        set => Environment.Credentials = value;
    }

    // Without the user part: .NET quotes the proxy's URL in its errors (a CONNECT refused), which end up in logs, and
    // the credentials still reach the proxy through Credentials, which match the URL whatever its user part.
    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : Environment.GetProxy(destination) switch
    {
        { UserInfo.Length: > 0 } proxy => new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri,
        var proxy => proxy,
    };

    public bool IsBypassed(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.IsLoopback || Environment.IsBypassed(host);
    }
}
