namespace RunwayRelay.Client;

/// <summary>A setting's value wrapped in quotes that are not part of it: <c>docker run --env-file</c> keeps a .env
/// file's quotes in the value (docker/cli#3630), where shells and Compose take them off. No key or URL is quoted.</summary>
internal static class QuotedSetting
{
    /// <summary>Whether <paramref name="value"/> is wrapped in a pair of double or single quotes.</summary>
    public static bool Is(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\''));

    /// <summary>The problem's words for <paramref name="setting"/>, whose value is <paramref name="what"/> ("the key", "it"),
    /// with where such quotes most often come from.</summary>
    public static string Problem(string setting, string what) =>
        $"{setting} is wrapped in quotes, which are not part of {what} (docker run --env-file, for one, keeps the quotes of a .env file): remove them.";
}
