using System.Net;
using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>How the MCP server is reached. Bound from the <c>Server</c> section (<c>Server__Transport</c>, ...).</summary>
public sealed class ServerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Server";

    /// <summary>Header in which an HTTP caller brings its own relay key.</summary>
    public const string CallerKeyHeader = "X-Relay-Key";

    /// <summary>The same, under the name hosts that send only headers from a list of their own take for a key: Claude's
    /// connectors send none but Authorization, X-API-Key and X-Auth-Token (anthropics/claude-ai-mcp#112; the names as
    /// blockscout/mcp-server#453 quotes Anthropic's documentation).</summary>
    public const string CallerKeyAlternateHeader = "X-API-Key";

    /// <summary><c>Stdio</c> (default) or <c>Http</c> (Streamable HTTP).</summary>
    public McpTransport Transport { get; set; } = McpTransport.Stdio;

    /// <summary>Where the HTTP transport listens by default: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:3001";

    /// <summary>The MCP endpoint's path by default.</summary>
    public const string DefaultPath = "/mcp";

    /// <summary>Where the HTTP transport listens: http URLs, TLS being the job of the proxy in front. Loopback unless told otherwise.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>Path of the MCP endpoint.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>Host names the HTTP transport answers to (DNS-rebinding defence). Loopback names are always allowed.</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Browser origins allowed to call the HTTP transport, such as <c>https://app.example.com</c>. Loopback origins are always allowed.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Load balancers or reverse proxies (addresses such as <c>10.0.0.5</c>, or networks such as <c>10.0.0.0/8</c>)
    /// whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> are believed: addresses this server gives out (the OAuth
    /// metadata's) then say https when TLS ends in front of it, and refused-call lines name the caller. Empty: loopback
    /// only, as ASP.NET Core has it.</summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>When set, HTTP callers must send <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>OAuth 2.1 resource server: tokens from an issuer instead of the shared <see cref="BearerToken"/>.</summary>
    public ServerAuthOptions Auth { get; } = new();

    /// <summary>The shutdown timeout by default.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a stopping server (SIGTERM, Ctrl+C) lets calls in flight finish before it exits. Waits do not
    /// use it: they end at once with a <c>server_stopping</c> result that says to call again.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>Whether HTTP callers without an <c>X-Relay-Key</c> may use the configured <c>Relay__ApiKey</c>. Off by default: one server, many users, no shared key.</summary>
    public bool ShareConfiguredKey { get; set; }

    /// <summary>Largest MCP request body accepted over HTTP, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Problems with these options, each saying how to fix it.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Transport == McpTransport.Http)
        {
            foreach (var url in EachUrl())
            {
                var uri = ParseUrl(url);
                if (uri?.Scheme == Uri.UriSchemeHttps)
                {
                    // Kestrel would need a certificate and its HTTPS set-up; TLS belongs to the proxy or balancer in front.
                    problems.Add($"Server:Urls has '{url}': this server does not serve TLS itself; listen on http (such as http://127.0.0.1:3001) and terminate TLS at the reverse proxy or load balancer in front of it.");
                }
                else if (uri is null || uri.Scheme != Uri.UriSchemeHttp)
                {
                    problems.Add($"Server:Urls has '{url}', which is not an http URL such as http://127.0.0.1:3001.");
                }
                else if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
                {
                    // The endpoint's URL, as the start-up line prints it, put where the listener belongs: Kestrel refuses
                    // a path there, in words about UsePathBase.
                    var listen = url[..url.IndexOfAny(['/', '?'], url.IndexOf("://", StringComparison.Ordinal) + 3)];
                    problems.Add($"Server:Urls has '{url}', which has a path: it says where to listen (scheme, host and port, such as "
                        + $"{listen}); the endpoint's path is Server:Path (now {Path}).");
                }
            }
            if (!Path.StartsWith('/'))
            {
                problems.Add("Server:Path must start with '/', such as /mcp.");
            }
            else if (!IsPlainPath(Path))
            {
                problems.Add($"Server:Path has '{Path}', which is not a plain path such as /mcp (letters, digits, '-', '.', '_' and '~' between slashes).");
            }
            if (BearerToken is { } quoted && QuotedSetting.Is(quoted))
            {
                // Callers send the token without them: every call would be refused.
                problems.Add(QuotedSetting.Problem("Server:BearerToken", "the token"));
            }
            else if (BearerToken is { } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
            {
                problems.Add("Server:BearerToken must be at least 16 characters without spaces"
                    + (TrailingLineBreak.IsAllThatIsWrong(token) ? $": {TrailingLineBreak.Said}." : "."));
            }
            problems.AddRange(Auth.Validate(BearerToken));
            // Compared as they arrive (the Host header's name, the Origin header), so a form that can never match is named.
            problems.AddRange(AllowedHosts.Where(host => Uri.CheckHostName(host) == UriHostNameType.Unknown)
                .Select(host => $"Server:AllowedHosts has '{host}', which is not a host name such as mcp.example.com (no scheme, port or path)."));
            problems.AddRange(AllowedOrigins.Where(origin => !IsOrigin(origin))
                .Select(origin => $"Server:AllowedOrigins has '{origin}', which is not an origin such as https://app.example.com (scheme, host and port only)."));
            problems.AddRange(TrustedProxies.Where(proxy => !IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
                .Select(proxy => $"Server:TrustedProxies has '{proxy}', which is neither an IP address (10.0.0.5) nor a network (10.0.0.0/8)."));
        }
        if (DurationSetting.Explain("Server:ShutdownTimeout", ShutdownTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)) is { } shutdown)
        {
            problems.Add(shutdown);
        }
        if (MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add("Server:MaxRequestBodyBytes must be between 1024 and 16777216.");
        }
        return problems;
    }

    /// <summary>Each URL of <see cref="Urls"/>.</summary>
    public IEnumerable<string> EachUrl() => EachItem(Urls);

    /// <summary>Each item of a value that holds one or several separated by ';', as ASP.NET Core reads its URLs and ports.</summary>
    public static IEnumerable<string> EachItem(string value) => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>One listen URL as Kestrel reads it: its hosts for every address (<c>http://+:8080</c>, <c>http://*:8080</c>, as
    /// ASP.NET Core's own URLs have them) are no URI hosts, so they are read as 0.0.0.0.</summary>
    public static Uri? ParseUrl(string url) =>
        Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>The settings that are lists, set one item an index (<c>Server__AllowedOrigins__0</c>).</summary>
    public static IReadOnlyList<string> ListSettings { get; } =
        [nameof(AllowedHosts), nameof(AllowedOrigins), nameof(TrustedProxies), $"{nameof(Auth)}:{nameof(ServerAuthOptions.Scopes)}", $"{nameof(Auth)}:{nameof(ServerAuthOptions.AcceptedAudiences)}"];

    /// <summary>Whether <paramref name="path"/> holds only what a path segment needs. The endpoint is mapped as a route,
    /// where '?', '{' or '*' would be a route template's syntax, and the router throws on some of them.</summary>
    public static bool IsPlainPath(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '.' or '_' or '~');

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);
}
