namespace RunwayRelay.Client;

/// <summary>The relay sent (or announced) a body larger than <see cref="RelayOptions.MaxResponseBytes"/>.</summary>
public sealed class RelayResponseTooLargeException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RelayResponseTooLargeException(int limitBytes, long? declaredBytes)
        : base(declaredBytes is long declared
            ? $"The relay announced a {declared}-byte response; the limit is {limitBytes} bytes (Relay:MaxResponseBytes)."
            : $"The relay's response passed the limit of {limitBytes} bytes (Relay:MaxResponseBytes) and was not read further.")
    {
        LimitBytes = limitBytes;
        DeclaredBytes = declaredBytes;
    }

    /// <summary>The configured limit.</summary>
    public int LimitBytes { get; }

    /// <summary>The Content-Length the relay announced, if it did.</summary>
    public long? DeclaredBytes { get; }
}
