namespace RunwayRelay.Client;

/// <summary>A secret whose only flaw is a line break at its end: saved to a file with <c>echo</c>, or made into a
/// Kubernetes secret from such a file, it keeps one, which nobody sees.</summary>
internal static class TrailingLineBreak
{
    /// <summary>The problem's words.</summary>
    public const string Said = "it ends with a line break, as a value saved to a file with echo (or a Kubernetes secret made from such a file) does; remove it";

    /// <summary>Whether <paramref name="value"/> ends with line breaks and has no space or control character before them.</summary>
    public static bool IsAllThatIsWrong(string value) =>
        value.TrimEnd('\r', '\n') is { Length: > 0 } kept && kept.Length < value.Length && !kept.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}
