namespace RunwayRelay.Mcp.Views;

/// <summary>
/// The MCP Apps extension (SEP-1865) as this server uses it: one HTML view of a task, linked from both tools. The C#
/// SDK's ModelContextProtocol.Extensions.Apps package is not used (the registry this project builds from does not
/// serve it); the extension is a few metadata fields on the core SDK's tools and resources.
/// </summary>
internal static class VideoTaskApp
{
    /// <summary>The extension's identifier, advertised under the server's <c>capabilities.extensions</c>.</summary>
    public const string ExtensionId = "io.modelcontextprotocol/ui";

    /// <summary>The MIME type of an MCP Apps HTML view.</summary>
    public const string MimeType = "text/html;profile=mcp-app";

    /// <summary>The view's resource URI.</summary>
    public const string ViewUri = "ui://runway-relay/video-task.html";

    /// <summary>The tools' <c>_meta.ui</c>: hosts that render MCP Apps show the view beside the result.</summary>
    public const string ToolMetaJson = $$"""{"resourceUri":"{{ViewUri}}"}""";

    /// <summary>The same link in the flat form hosts used before <c>_meta.ui</c>; the ext-apps SDK's <c>registerAppTool</c>
    /// sets both, for those hosts.</summary>
    public const string LegacyToolMetaKey = "ui/resourceUri";

    /// <summary>The view, one self-contained HTML file embedded in this assembly.</summary>
    public static string Html { get; } = ReadHtml();

    private static string ReadHtml()
    {
        using var stream = typeof(VideoTaskApp).Assembly.GetManifestResourceStream("RunwayRelay.Mcp.Views.video-task.html")
            ?? throw new InvalidOperationException("The view is missing from the assembly (Views/video-task.html as EmbeddedResource).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
