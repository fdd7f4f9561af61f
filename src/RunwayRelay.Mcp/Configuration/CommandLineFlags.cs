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

    /// <summary>Replaces each flag with its configuration key; everything else passes unchanged.</summary>
    public static string[] Expand(IEnumerable<string> args) =>
        args.Select(arg => Flags.TryGetValue(arg, out var expanded) ? expanded : arg).ToArray();

    /// <summary>Whether the arguments ask for help.</summary>
    public static bool WantsHelp(IEnumerable<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    /// <summary>The usage text.</summary>
    public const string Usage = """
        runway-relay-mcp: an MCP server that reports RunwayML video tasks through an API relay.

        Usage: runway-relay-mcp [--sandbox] [--http] [--Section:Key=value ...]

          --sandbox   start the embedded simulated relay on 127.0.0.1 and use it (no key or relay needed)
          --http      serve Streamable HTTP (Server:Urls, default http://127.0.0.1:3001/mcp) instead of stdio

        Settings (environment variable, or --Section:Key=value):
          Relay__BaseUrl            the relay's base URL (required unless --sandbox)
          Relay__ApiKey             the relay API key (secret)
          Relay__RunwayVersion      X-Runway-Version header (default 2024-11-06)
          Relay__Timeout            timeout of one attempt (default 00:00:30)
          Relay__TotalTimeout       timeout of a request with its retries (default 00:01:00)
          Relay__MaxRetries         retries of 429/502/503/504 (default 2)
          Server__Transport         Stdio (default) or Http
          Server__Urls              HTTP listen URLs (default http://127.0.0.1:3001)
          Server__BearerToken       token HTTP callers must present (secret)
          Server__ShareConfiguredKey  let HTTP callers without X-Relay-Key use Relay__ApiKey (default false)
          Server__Auth__Authority   require OAuth access tokens from this issuer (with Server__Auth__Audience)
          Server__ShutdownTimeout   how long calls in flight may finish on SIGTERM (default 00:00:15)
          View__MediaOrigins__0     an origin the task view may play videos from
        See README.md for every setting.
        """;
}
