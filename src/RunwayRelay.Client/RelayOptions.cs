using System.Globalization;

namespace RunwayRelay.Client;

/// <summary>How to reach a relay: where it is, which key to present, and how patient to be.</summary>
public sealed class RelayOptions
{
    /// <summary>Configuration section these options bind from (environment variables: <c>Relay__BaseUrl</c>, ...).</summary>
    public const string Section = "Relay";

    /// <summary>The only <c>X-Runway-Version</c> value Runway's API accepts today.</summary>
    public const string DefaultRunwayVersion = "2024-11-06";

    // Runway's developer API (docs.dev.runwayml.com), which relays front.
    private const string RunwayApiHost = "api.dev.runwayml.com";

    /// <summary>The relay's base URL, for example <c>https://api.your-relay.com</c>. Required: there is no default host.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The relay's API key, sent as <c>Authorization: Bearer</c>. Optional here; a request may bring its own.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The <c>X-Runway-Version</c> header to send; empty sends none.</summary>
    public string? RunwayVersion { get; set; } = DefaultRunwayVersion;

    /// <summary>How long one HTTP attempt may take before it is abandoned (retries each get their own).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one call may take in all: every attempt, and the waits between them.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a 429, 502, 503 or 504 answer, honouring <c>Retry-After</c>, and of a connection refused or dropped before the whole answer arrived (the resilience handler's retry). 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The longest <c>Retry-After</c> a retry will wait; a longer one is returned to the caller instead.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest response body accepted, in bytes; a larger one is refused without being read whole.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    // Where the endpoint's own path (/runwayml, /runwayml/v1 or /runwayml/v1/tasks) starts at the end of the URL's path.
    private static int? EndpointPathIn(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        foreach (var tail in (string[])["/runwayml/v1/tasks", "/runwayml/v1", "/runwayml"])
        {
            if (path.EndsWith(tail, StringComparison.OrdinalIgnoreCase))
            {
                return path.Length - tail.Length;
            }
        }
        return null;
    }

    /// <summary>Checks what data annotations cannot: an absolute http(s) URL without query, credentials or the endpoint's own path.</summary>
    /// <returns>Problems, each a sentence that says how to fix it; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        // Plain checks rather than data annotations: those rely on reflection that Native AOT trims away.
        var problems = new List<string>();
        if (BaseUrl is null)
        {
            problems.Add("Relay:BaseUrl is required (environment variable Relay__BaseUrl): the relay's base URL, such as https://api.your-relay.com.");
        }
        else if (BaseUrl is { } url)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                var written = url.OriginalString.Trim();
                problems.Add(QuotedSetting.Is(written)
                    ? QuotedSetting.Problem("Relay:BaseUrl", "it")
                    : !written.Contains("://", StringComparison.Ordinal)
                        // "api.your-relay.com", or "api.your-relay.com:8080", which reads as a URL whose scheme is the host.
                        ? "Relay:BaseUrl has no scheme: start it with https://, such as https://api.your-relay.com."
                        : "Relay:BaseUrl must be an absolute http or https URL, such as https://api.your-relay.com.");
            }
            else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
            {
                problems.Add("Relay:BaseUrl must not carry a query, a fragment or credentials; put the key in Relay:ApiKey.");
            }
            else if (url.Host.Equals(RunwayApiHost, StringComparison.OrdinalIgnoreCase))
            {
                // Runway's own API serves /v1/tasks/{id} with Runway's keys; this client reads a relay's /runwayml/v1/tasks/{id},
                // so every task there would be "not found".
                problems.Add($"Relay:BaseUrl is Runway's own API ({RunwayApiHost}), which this client does not read: it reads tasks through an API relay, at <relay's root URL>/runwayml/v1/tasks/{{id}}. Give the relay's root URL, such as https://api.your-relay.com, and the relay's key.");
            }
            else if (EndpointPathIn(url) is int at)
            {
                // Relays document the endpoint as /runwayml/v1/tasks/{id}; a base URL holding part of it would double it,
                // and every task would then be "not found".
                var root = url.GetLeftPart(UriPartial.Authority) + url.AbsolutePath[..at];
                problems.Add($"Relay:BaseUrl ends with {url.AbsolutePath[at..].TrimEnd('/')}, which this client adds itself: use {root} (the relay's root URL).");
            }
        }
        if (ApiKey is { } key && RelayKeyRules.Explain(key, "Relay:ApiKey") is { } keyProblem)
        {
            problems.Add(keyProblem);
        }
        if (RunwayVersion is { Length: > 0 } version && !IsIsoDate(version))
        {
            problems.Add("Relay:RunwayVersion must be a date such as 2024-11-06, or empty to send no header.");
        }
        var attempt = DurationSetting.Explain("Relay:Timeout", Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var total = DurationSetting.Explain("Relay:TotalTimeout", TotalTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
        if (attempt is not null)
        {
            problems.Add(attempt);
        }
        if (total is not null)
        {
            problems.Add(total);
        }
        // Said only when both are in range: a Timeout read as days is one problem, not two.
        else if (attempt is null && TotalTimeout < Timeout)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Relay:TotalTimeout ({TotalTimeout:c}) must be at least Relay:Timeout ({Timeout:c}): it bounds the attempts, the retries and their waits together."));
        }
        if (MaxRetries is < 0 or > 10)
        {
            problems.Add("Relay:MaxRetries must be between 0 and 10.");
        }
        if (DurationSetting.Explain("Relay:MaxRetryDelay", MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(3)) is { } retryDelay)
        {
            problems.Add(retryDelay);
        }
        if (MaxResponseBytes is < 1024 or > 64 * 1024 * 1024)
        {
            problems.Add("Relay:MaxResponseBytes must be between 1024 and 67108864.");
        }
        return problems;
    }

    private static bool IsIsoDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
