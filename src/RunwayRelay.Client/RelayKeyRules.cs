namespace RunwayRelay.Client;

/// <summary>
/// What a relay key must be before it is sent as <c>Authorization: Bearer &lt;key&gt;</c>: the key alone, a token
/// without spaces. Relays' documentation shows the whole header (<c>Bearer sk-…</c>), which is easily copied as the
/// key; sent so, the relay would see <c>Bearer Bearer sk-…</c> and answer 401 to every call. Nothing here quotes the key.
/// </summary>
public static class RelayKeyRules
{
    /// <summary>Says what is wrong with <paramref name="key"/>, starting with <paramref name="named"/>, or <c>null</c> when it may be sent.</summary>
    /// <param name="key">The key as given.</param>
    /// <param name="named">Where it was given, to start the sentence: <c>Relay:ApiKey</c>, <c>The X-Relay-Key header</c>.</param>
    public static string? Explain(string key, string named)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return $"{named} must be the key alone, without \"Bearer \" in front: it is sent as Authorization: Bearer <key>.";
        }
        return key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? $"{named} must not be empty or contain spaces or control characters."
            : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Explain"/>'s words when <paramref name="key"/> may not be sent.</summary>
    public static void ThrowIfInvalid(string key, string paramName = "apiKey")
    {
        if (Explain(key, "The relay key given for this call") is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }
}
