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
        if (QuotedSetting.Is(key))
        {
            return QuotedSetting.Problem(named, "the key");
        }
        if (IsUnexpandedReference(key))
        {
            return $"{named} is a reference to a variable or input (such as ${{input:…}} or $NAME) that was passed as written: "
                + "this host does not expand it there. Put the key itself there, or a reference this host documents.";
        }
        if (key.Length == 0 || key.Any(IsSpaceOrControl))
        {
            return $"{named} must not be empty or contain spaces or control characters"
                + (TrailingLineBreak.IsAllThatIsWrong(key) ? $": {TrailingLineBreak.Said}." : ".");
        }
        return null;
    }

    private static bool IsSpaceOrControl(char c) => char.IsWhiteSpace(c) || char.IsControl(c);

    // VS Code's ${input:…} and ${env:…}, a shell's $NAME or ${NAME}, cmd's %NAME%: copied from one host's settings to
    // another's (the same entry, Claude Desktop takes every value as written) or to a setting no shell expands. No
    // relay key starts with "$" or is a name between two "%".
    private static bool IsUnexpandedReference(string key) =>
        (key.StartsWith("${", StringComparison.Ordinal) && key.EndsWith('}'))
        || (key.Length > 1 && key[0] == '$' && key.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(key[1]))
        || (key.Length > 2 && key[0] == '%' && key[^1] == '%' && key[1..^1].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Explain"/>'s words when <paramref name="key"/> may not be sent.</summary>
    public static void ThrowIfInvalid(string key, string paramName = "apiKey")
    {
        if (Explain(key, "The relay key given for this call") is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }
}
