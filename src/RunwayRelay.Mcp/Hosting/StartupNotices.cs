using Microsoft.Extensions.Logging;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>What an operator should know at start-up, on stderr. Never the key itself.</summary>
internal static partial class StartupNotices
{
    /// <param name="environment">The process's environment variables; a stand-in in tests.</param>
    /// <param name="inputIsTerminal">Whether standard input is a terminal (a person), not a host's pipe.</param>
    /// <param name="proxy">The proxy the relay is reached through, if any.</param>
    /// <param name="listening">Where the HTTP listener is bound, as the server reports it; it names the port the system gave a
    /// configured port 0, which callers need and Server:Urls does not say. Server:Urls when not given.</param>
    public static void Log(ILogger logger, ServerOptions server, RelayOptions relay, Uri? sandbox, OtlpExportOptions? telemetry = null, Func<string, string?>? environment = null, bool inputIsTerminal = false, RelayProxy? proxy = null, ICollection<string>? listening = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (sandbox is not null)
        {
            SandboxInUse(logger, sandbox);
            if (relay.ApiKey is { Length: > 0 } key && !SandboxRelay.Accepts(key))
            {
                // A real key left in the environment: the sandbox would answer every call 401, its refused-key scenario.
                SandboxRefusesKey(logger);
            }
        }
        else
        {
            var authority = relay.BaseUrl!.GetLeftPart(UriPartial.Authority);
            RelayInUse(logger, authority);
            if (relay.BaseUrl.Scheme == Uri.UriSchemeHttp && !relay.BaseUrl.IsLoopback)
            {
                RelayInClearText(logger, authority);
            }
            if (proxy?.Address is { } through)
            {
                // Scheme, host and port only, as for the relay: the proxy's URL may carry a password.
                RelayThroughProxy(logger, through, proxy.Variables);
            }
        }
        if (string.IsNullOrEmpty(relay.ApiKey))
        {
            if (server.Transport == McpTransport.Http)
            {
                NoKeyHttp(logger);
            }
            else
            {
                NoKey(logger);
            }
        }
        if (telemetry is { Enabled: true } && Uri.TryCreate(telemetry.Endpoint, UriKind.Absolute, out var collector))
        {
            // Scheme, host and port only: credentials may stand in the user part or the path.
            var protocol = string.IsNullOrEmpty(telemetry.Protocol) ? "grpc" : telemetry.Protocol;
            var address = collector.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
            TelemetrySent(logger, protocol, address);
        }
        if (server.Transport == McpTransport.Stdio && inputIsTerminal)
        {
            // Someone ran it by hand without --http: the server would otherwise wait in silence for JSON-RPC.
            StdioInTerminal(logger);
        }
        if (server.Transport == McpTransport.Http)
        {
            var auth = server.Auth.Enabled ? OAuthSummary(server.Auth)
                : server.BearerToken is null ? "none" : "shared bearer token";
            var endpoints = string.Join(", ", (listening is { Count: > 0 } ? listening : server.EachUrl()).Select(url => url.TrimEnd('/') + server.Path));
            HttpListening(logger, endpoints, auth, server.ShareConfiguredKey);
            var ports = server.EachUrl().Select(url => ServerOptions.ParseUrl(url)?.Port).ToHashSet();
            foreach (var (variable, value, urls) in FrameworkListenVariables(environment))
            {
                if (!ServerOptions.EachItem(urls).All(url => ports.Contains(ServerOptions.ParseUrl(url)?.Port)))
                {
                    ListenVariableNotRead(logger, variable, value, endpoints, urls);
                }
            }
            if (sandbox is null && server.ShareConfiguredKey && !string.IsNullOrEmpty(relay.ApiKey) && server.BearerToken is null
                && !server.Auth.Enabled && ListensBeyondLoopback(server) is { } exposed)
            {
                KeyLentToAnyone(logger, exposed);
            }
        }
    }

    // ASP.NET Core's own ways to say where to listen, with the Server:Urls each means: the .NET container images set
    // ASPNETCORE_HTTP_PORTS=8080, and people used to ASP.NET Core set ASPNETCORE_URLS. This server reads Server:Urls only.
    private static IEnumerable<(string Variable, string Value, string Urls)> FrameworkListenVariables(Func<string, string?> environment)
    {
        foreach (var variable in new[] { "ASPNETCORE_URLS", "DOTNET_URLS" })
        {
            if (environment(variable) is { Length: > 0 } urls)
            {
                yield return (variable, urls, urls);
            }
        }
        if (environment("ASPNETCORE_HTTP_PORTS") is { Length: > 0 } ports)
        {
            yield return ("ASPNETCORE_HTTP_PORTS", ports, string.Join(';', ServerOptions.EachItem(ports).Select(port => $"http://+:{port}")));
        }
    }

    private static string? ListensBeyondLoopback(ServerOptions server) =>
        server.EachUrl().FirstOrDefault(url => ServerOptions.ParseUrl(url) is not { IsLoopback: true });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anyone who can reach {Url} spends your relay key: Server__ShareConfiguredKey lends Relay__ApiKey to callers, and no caller authentication is set. Set Server__BearerToken or Server__Auth__Authority, or listen on loopback only.")]
    private static partial void KeyLentToAnyone(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the embedded sandbox relay at {Sandbox} (simulated tasks; see README for task ids).")]
    private static partial void SandboxInUse(ILogger logger, Uri sandbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay__ApiKey is set, and the sandbox takes only sandbox-key and keys starting sk-sandbox- (any other is its refused-key scenario): calls with it will answer unauthorized. Leave Relay__ApiKey out to try the sandbox; it then uses its own key, over HTTP for callers without X-Relay-Key too.")]
    private static partial void SandboxRefusesKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending traces, metrics and logs by OTLP ({Protocol}) to {Collector}.")]
    private static partial void TelemetrySent(ILogger logger, string protocol, string collector);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the relay at {Relay}.")]
    private static partial void RelayInUse(ILogger logger, string relay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The relay is reached over plain http ({Relay}): relay keys and every answer cross the network unencrypted, and a relay that redirects to https is not followed. Use https:// in Relay__BaseUrl, unless the relay is on a network you trust.")]
    private static partial void RelayInClearText(ILogger logger, string relay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay requests go through the proxy at {Proxy} ({Variables}); NO_PROXY lists hosts to reach directly.")]
    private static partial void RelayThroughProxy(ILogger logger, string proxy, string variables);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No relay API key is configured (Relay__ApiKey): every tool call will answer missing_key until one is set.")]
    private static partial void NoKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "No relay API key is configured (Relay__ApiKey): HTTP callers must send their own in X-Relay-Key.")]
    private static partial void NoKeyHttp(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Variable}={Value} is not read here: this server listens where Server__Urls says ({Endpoints}). To listen as {Variable} asks, set Server__Urls={Urls}.")]
    private static partial void ListenVariableNotRead(ILogger logger, string variable, string value, string endpoints, string urls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving MCP over stdio, for an MCP host that starts this server and writes JSON-RPC to its standard input: lines typed here are read as JSON-RPC, not commands. To try it by hand, start it with --http and connect the MCP Inspector (README, Quick start). Ctrl+C stops it.")]
    private static partial void StdioInTerminal(ILogger logger);

    private static string OAuthSummary(ServerAuthOptions auth) =>
        $"OAuth access tokens from {auth.Authority} for {string.Join(" or ", auth.AcceptedAudiences.Prepend(auth.Audience))}"
        + (auth.PublishIssuerMetadata ? $", the issuer's metadata published at {PublishedIssuerMetadata.IssuerOf(auth)}{PublishedIssuerMetadata.Path}" : "");

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP over Streamable HTTP (stateless) at {Endpoints}; caller authentication: {Auth}; configured relay key shared with callers: {Shared}; health at /healthz and /readyz.")]
    private static partial void HttpListening(ILogger logger, string endpoints, string auth, bool shared);
}
