namespace RunwayRelay.Mcp.Tools;

/// <summary>What a task's output is, for the words about it: Runway's task endpoint serves its image and audio tasks as
/// well as video ones, and its output URLs name the file type in the path (<c>….mp4?_jwt=…</c>, <c>….png?_jwt=…</c>).
/// The task view tells them apart by the same extensions, to show a picture, a sound or a video.</summary>
internal static class OutputMedia
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif"];
    private static readonly string[] AudioExtensions = [".mp3", ".wav", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac"];

    /// <summary>"the video is ready", "the images are ready", "the audio is ready"; "the output is ready" when the URLs are
    /// of different kinds. A URL whose type cannot be told counts as a video, the relay's own business.</summary>
    public static string ReadySentence(IReadOnlyCollection<string> urls) => urls.Select(KindOf).Distinct().ToList() switch
    {
        [] => "the video is ready",
        ["audio"] => "the audio is ready",
        [var kind] when urls.Count > 1 => $"the {kind}s are ready",
        [var kind] => $"the {kind} is ready",
        _ => "the output is ready",
    };

    private static string KindOf(string url)
    {
        // Not through Uri: on Unix it takes "/files/a.png?x" for a file path, query and all.
        var path = url.Split('?', '#')[0];
        var extension = Path.GetExtension(path);
        return ImageExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase) ? "image"
            : AudioExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase) ? "audio"
            : "video";
    }
}
