namespace RunwayRelay.Client;

/// <summary>The relay redirected the request to another host, port or scheme, and the client did not follow: that
/// host's answer is not the relay's.</summary>
public sealed class RelayRedirectRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="target">Where the relay pointed.</param>
    /// <param name="from">The request that was redirected, when known: a redirect from http to https on the same host
    /// says to use https in the base URL.</param>
    public RelayRedirectRefusedException(Uri target, Uri? from = null)
        : base(IsHttpsUpgrade(target, from)
            ? $"The relay redirects http to https ({target?.GetLeftPart(UriPartial.Authority)}): use https in the relay's base URL; a redirect to another scheme or port is not followed."
            : $"The relay redirected the request to another host ({target?.Authority}); redirects are followed on the relay's own host only. Check the relay's base URL.")
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        ToHttps = IsHttpsUpgrade(target, from);
    }

    /// <summary>Where the relay pointed.</summary>
    public Uri Target { get; }

    /// <summary>Whether the relay only sent an http request to https on the same host: the base URL should say https.</summary>
    public bool ToHttps { get; }

    private static bool IsHttpsUpgrade(Uri? target, Uri? from) =>
        target is not null && from is not null && from.Scheme == Uri.UriSchemeHttp && target.Scheme == Uri.UriSchemeHttps
        && string.Equals(target.Host, from.Host, StringComparison.OrdinalIgnoreCase);
}
