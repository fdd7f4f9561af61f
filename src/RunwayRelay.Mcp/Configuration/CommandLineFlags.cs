using System.Globalization;
using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// The short flags people type, turned into the configuration keys they stand for, so that every setting
/// still has one name (<c>--sandbox</c> is <c>--Sandbox:Enabled=true</c>).
/// </summary>
public static class CommandLineFlags
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--sandbox"] = "--Sandbox:Enabled=true",
        ["--http"] = "--Server:Transport=Http",
        ["--stdio"] = "--Server:Transport=Stdio",
    };

    /// <summary>Replaces each flag with its configuration key and leaves out <see cref="CheckFlag"/>, which is not a
    /// setting; everything else passes unchanged.</summary>
    public static string[] Expand(IEnumerable<string> args) => args
        .Where(arg => !IsCheckFlag(arg))
        .Select(arg => Flags.TryGetValue(arg, out var expanded) ? expanded : arg).ToArray();

    /// <summary>
    /// The arguments that are neither a flag nor a setting, such as a mistyped <c>--sandox</c>, which the configuration
    /// would otherwise drop without a word. Every setting has a section (<c>--Relay:BaseUrl=...</c>, or
    /// <c>--Relay:BaseUrl ...</c> with its value next), so a key without one is not a setting.
    /// </summary>
    public static List<string> Unknown(IEnumerable<string> args)
    {
        var unknown = new List<string>();
        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            var token = arg.Current;
            if (Flags.ContainsKey(token) || IsCheckFlag(token))
            {
                continue;
            }
            // The forms the configuration reads: --Key=value, --Key value, /Key=value, /Key value and Key=value.
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..]
                : token.StartsWith('/') ? token[1..]
                : token.Contains('=', StringComparison.Ordinal) && !token.StartsWith('-') ? token
                : null;
            var separator = key?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            var name = separator >= 0 ? key![..separator] : key;
            if (name is null || !name.Contains(':', StringComparison.Ordinal) || name.StartsWith(':'))
            {
                unknown.Add(token);
            }
            else if (separator < 0)
            {
                arg.MoveNext();
            }
        }
        return unknown;
    }

    /// <summary>What to say about arguments that are neither a flag nor a setting.</summary>
    public static string DescribeUnknown(IEnumerable<string> unknown) =>
        $"Not a flag or a setting: {string.Join(", ", unknown.Select(a => $"'{a}'"))}. The flags are --sandbox, --http, --stdio, --check, --help and --version; " +
        "settings are --Section:Key=value, such as --Relay:BaseUrl=https://api.your-relay.com.";

    /// <summary>Whether the arguments ask for help.</summary>
    public static bool WantsHelp(IEnumerable<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    /// <summary>The flag that checks the settings and tries the relay and the token issuer instead of serving (<see cref="Hosting.CheckCommand"/>).</summary>
    public const string CheckFlag = "--check";

    /// <summary>Whether the arguments ask to check the settings and exit.</summary>
    public static bool WantsCheck(IEnumerable<string> args) => args.Any(IsCheckFlag);

    // Spelled in any case, as the other flags are.
    private static bool IsCheckFlag(string arg) => string.Equals(arg, CheckFlag, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the arguments ask for the version (what a bug report or an upgrade check needs first).</summary>
    public static bool WantsVersion(IEnumerable<string> args) => args.Any(a => a is "--version");

    /// <summary>The answer to <c>--version</c>: the tool's name and the repository's one version.</summary>
    public static string VersionLine => $"runway-relay-mcp {ProductInfo.Version}";

    /// <summary>The usage text. Its defaults are read from the options types, so it cannot drift from them.</summary>
    public static string Usage { get; } = CreateUsage();

    private static string CreateUsage()
    {
        var relay = new RelayOptions();
        var server = new ServerOptions();
        return string.Create(CultureInfo.InvariantCulture, $$"""
            runway-relay-mcp: an MCP server that reports RunwayML video tasks through an API relay.

            Usage: runway-relay-mcp [--sandbox] [--http | --stdio] [--Section:Key=value ...]

              --sandbox   start the embedded simulated relay on 127.0.0.1 and use it (no key or relay needed)
              --http      serve Streamable HTTP (Server:Urls, default {{server.Urls}}{{server.Path}}) instead of stdio
              --stdio     serve stdio (the default), overriding Server__Transport
              --check     check the settings, try Relay__BaseUrl and Relay__ApiKey (a made-up task id, with and without the key)
                          and the token issuer of Server__Auth__Authority, then exit
              --version   print the version and exit

            Settings (environment variable, or --Section:Key=value):
              Relay__BaseUrl            the relay's root URL, without /runwayml/v1 (required unless --sandbox)
              Relay__ApiKey             the relay API key alone, without "Bearer " (secret)
              Relay__RunwayVersion      X-Runway-Version header (default {{relay.RunwayVersion}})
              Relay__Timeout            timeout of one attempt, hh:mm:ss (default {{relay.Timeout:c}})
              Relay__TotalTimeout       timeout of a request with its retries, hh:mm:ss (default {{relay.TotalTimeout:c}})
              Relay__MaxRetries         retries of 429/502/503/504 and dropped connections (default {{relay.MaxRetries}})
              Server__Transport         Stdio (default) or Http
              Server__Urls              HTTP listen URLs, ";" between them; http://+:8080 is every address; port 0 a free one, named in the start line (default {{server.Urls}})
              Server__BearerToken       token HTTP callers must present (secret)
              Server__ShareConfiguredKey  let HTTP callers without X-Relay-Key use Relay__ApiKey (default {{(server.ShareConfiguredKey ? "true" : "false")}})
              Server__Auth__Authority   require OAuth access tokens from this issuer (with Server__Auth__Audience)
              Server__ShutdownTimeout   how long calls in flight may finish on SIGTERM, hh:mm:ss (default {{server.ShutdownTimeout:c}})
              View__MediaOrigins__0     another origin the task view may load output files from (Runway's always)
              Logging__Console__FormatterName  simple (default), json (one object a line, for log collectors) or systemd (default under systemd)
              HTTPS_PROXY, HTTP_PROXY   the proxy to reach the relay through (NO_PROXY: hosts reached directly; loopback always)
              SSL_CERT_FILE             on Linux, a PEM file of certificate authorities to trust besides the system's
              Secrets__Directory        a directory of files named as these variables, each holding its value (container secrets, systemd credentials)
              OTEL_EXPORTER_OTLP_ENDPOINT  send traces, metrics and logs to this OpenTelemetry collector (OTLP)
            Every setting, with its default: the Configuration section of the project's README.
            """);
    }
}
