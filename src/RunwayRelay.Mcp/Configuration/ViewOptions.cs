namespace RunwayRelay.Mcp.Configuration;

/// <summary>The MCP Apps view of a task. Bound from the <c>View</c> section (<c>View__MediaOrigins__0</c>, ...).</summary>
public sealed class ViewOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "View";

    /// <summary>Where Runway serves task outputs. Relays that pass Runway's answer on hand out URLs on this host (as
    /// Runway's output URLs quoted in public code show, from 2024 to 2026), so the view may always load from it.</summary>
    public const string RunwayOutputOrigin = "https://dnznrvs05pmza.cloudfront.net";

    /// <summary>Other origins the output files are served from, such as <c>https://videos.your-relay.com</c> or
    /// <c>https://*.cloudfront.net</c>: declared in the view's content security policy so hosts let them load.
    /// Files from other origins are shown as links. Against the sandbox its own origin is added.</summary>
    public IList<string> MediaOrigins { get; } = [];

    /// <summary>The origins the view's content security policy declares: Runway's output host, then <see cref="MediaOrigins"/>.</summary>
    public IReadOnlyList<string> DeclaredOrigins() => [RunwayOutputOrigin, .. MediaOrigins.Where(origin => origin != RunwayOutputOrigin)];

    /// <summary>The settings that are lists, set one item an index (<c>View__MediaOrigins__0</c>).</summary>
    public static IReadOnlyList<string> ListSettings { get; } = [nameof(MediaOrigins)];

    /// <summary>Problems with these settings, each saying how to fix it.</summary>
    public IReadOnlyList<string> Validate() =>
        [.. MediaOrigins.Where(o => !IsOrigin(o)).Select(o => $"View:MediaOrigins has '{o}', which is not an origin such as https://videos.example.com or https://*.example.com (scheme and host, no path).")];

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value.Replace("://*.", "://wildcard.", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && !value.EndsWith('/') && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
