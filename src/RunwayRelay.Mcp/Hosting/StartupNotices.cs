using Microsoft.Extensions.Logging;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>What an operator should know at start-up, on stderr. Never the key itself.</summary>
internal static partial class StartupNotices
{
    public static void Log(ILogger logger, ServerOptions server, RelayOptions relay, Uri? sandbox, OtlpExportOptions? telemetry = null)
    {
        if (sandbox is not null)
        {
            SandboxInUse(logger, sandbox);
        }
        else
        {
            var authority = relay.BaseUrl!.GetLeftPart(UriPartial.Authority);
            RelayInUse(logger, authority);
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
        if (server.Transport == McpTransport.Http)
        {
            var auth = server.Auth.Enabled ? $"OAuth access tokens from {server.Auth.Authority} for {server.Auth.Audience}"
                : server.BearerToken is null ? "none" : "shared bearer token";
            var endpoints = string.Join(", ", server.EachUrl().Select(url => url.TrimEnd('/') + server.Path));
            HttpListening(logger, endpoints, auth, server.ShareConfiguredKey);
            if (sandbox is null && server.ShareConfiguredKey && !string.IsNullOrEmpty(relay.ApiKey) && server.BearerToken is null
                && !server.Auth.Enabled && ListensBeyondLoopback(server) is { } exposed)
            {
                KeyLentToAnyone(logger, exposed);
            }
        }
    }

    // Kestrel's hosts for every address (+, *) are no URI hosts, so they count as beyond loopback too.
    private static string? ListensBeyondLoopback(ServerOptions server) =>
        server.EachUrl().FirstOrDefault(url => !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anyone who can reach {Url} spends your relay key: Server__ShareConfiguredKey lends Relay__ApiKey to callers, and no caller authentication is set. Set Server__BearerToken or Server__Auth__Authority, or listen on loopback only.")]
    private static partial void KeyLentToAnyone(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the embedded sandbox relay at {Sandbox} (simulated tasks; see README for task ids).")]
    private static partial void SandboxInUse(ILogger logger, Uri sandbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending traces, metrics and logs by OTLP ({Protocol}) to {Collector}.")]
    private static partial void TelemetrySent(ILogger logger, string protocol, string collector);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the relay at {Relay}.")]
    private static partial void RelayInUse(ILogger logger, string relay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No relay API key is configured (Relay__ApiKey): every tool call will answer missing_key until one is set.")]
    private static partial void NoKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "No relay API key is configured (Relay__ApiKey): HTTP callers must send their own in X-Relay-Key.")]
    private static partial void NoKeyHttp(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP over Streamable HTTP (stateless) at {Endpoints}; caller authentication: {Auth}; configured relay key shared with callers: {Shared}; health at /healthz and /readyz.")]
    private static partial void HttpListening(ILogger logger, string endpoints, string auth, bool shared);
}
