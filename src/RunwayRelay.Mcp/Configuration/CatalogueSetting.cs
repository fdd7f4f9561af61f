namespace RunwayRelay.Mcp.Configuration;

/// <summary>One setting of <see cref="SettingsCatalogue"/>, as a person writes it.</summary>
/// <param name="Path">Its configuration path, such as <c>Relay:ApiKey</c>.</param>
/// <param name="IsList">Whether it is a list, which takes its items by index.</param>
internal sealed record CatalogueSetting(string Path, bool IsList)
{
    /// <summary>The key to give it a value: the path, and a list's first index (<c>Server:AllowedOrigins:0</c>).</summary>
    public string Key => IsList ? $"{Path}:0" : Path;

    /// <summary>The environment variable for <see cref="Key"/>: <c>Relay__ApiKey</c>, <c>Server__AllowedOrigins__0</c>.</summary>
    public string Variable => Key.Replace(":", "__", StringComparison.Ordinal);
}
