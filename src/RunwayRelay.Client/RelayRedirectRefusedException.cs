namespace RunwayRelay.Client;

/// <summary>The relay redirected the request to another host, and the client did not follow: that host's answer is not the relay's.</summary>
public sealed class RelayRedirectRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RelayRedirectRefusedException(Uri target)
        : base($"The relay redirected the request to another host ({target?.Authority}); redirects are followed on the relay's own host only. Check the relay's base URL.")
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
    }

    /// <summary>Where the relay pointed.</summary>
    public Uri Target { get; }
}
