using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The words for what a SUCCEEDED task made: Runway's task endpoint serves image and audio tasks too, and their
/// URLs carry the file type in the path, before the signature's query.</summary>
public sealed class OutputMediaTests
{
    [Theory]
    [InlineData("the video is ready", "https://dnznrvs05pmza.cloudfront.net/2f19d8a7.mp4?_jwt=eyJhbGciOi")]
    [InlineData("the videos are ready", "https://cdn.example.com/a.mp4", "https://cdn.example.com/b.webm")]
    [InlineData("the image is ready", "https://dnznrvs05pmza.cloudfront.net/2f19d8a7.png?_jwt=eyJhbGciOi")]
    [InlineData("the images are ready", "https://cdn.example.com/a.JPG", "https://cdn.example.com/b.webp#frame")]
    [InlineData("the audio is ready", "https://cdn.example.com/speech.mp3?sig=1", "https://cdn.example.com/speech.wav")]
    [InlineData("the output is ready", "https://cdn.example.com/clip.mp4", "https://cdn.example.com/still.png")]
    // No extension, or one that is no file type: the tool's own subject, a video.
    [InlineData("the video is ready", "https://cdn.example.com/download?id=png")]
    [InlineData("the image is ready", "/files/relative.png?x=1")]
    public void Names_what_the_output_urls_hold(string sentence, params string[] urls) =>
        Assert.Equal(sentence, OutputMedia.ReadySentence(urls));

    [Fact]
    public void No_output_reads_as_a_video_made() =>
        Assert.Equal("the video is ready", OutputMedia.ReadySentence([]));
}
