using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace RunwayRelay.Sandbox;

/// <summary>What sandbox tasks' output URLs serve: a real picture and a real sound, so that a view can show them (each
/// a stand-in made for the sandbox). No video is made: a video URL answers a line of text, which a player refuses
/// as it refuses a file a host's content policy blocks.</summary>
internal static class SandboxFiles
{
    private static readonly Lazy<byte[]> Picture = new(() => Read("sandbox-output.png"));
    private static readonly Lazy<byte[]> Sound = new(() => Read("sandbox-output.wav"));

    /// <summary>The file type a scenario's output has, by its extension, as Runway's output URLs show it.</summary>
    public static string ExtensionFor(SandboxScenario scenario) => scenario switch
    {
        SandboxScenario.Image => "png",
        SandboxScenario.Audio => "wav",
        _ => "mp4",
    };

    /// <summary>The <c>_jwt</c> query parameter of an output URL, shaped as Runway's: a JWT whose <c>exp</c> says when the
    /// URL stops working. Its signature is a placeholder; the sandbox serves its files to anyone.</summary>
    public static string UrlToken(DateTimeOffset expires) =>
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"bucket":"sandbox","exp":{{expires.ToUnixTimeSeconds()}}}""")))
        + ".c2FuZGJveA";

    public static Task WriteAsync(HttpContext context, string name)
    {
        var (contentType, body) = Path.GetExtension(name) switch
        {
            ".png" => ("image/png", Picture.Value),
            ".wav" => ("audio/wav", Sound.Value),
            _ => ("text/plain", "A simulated video: the sandbox makes no real video files.\n"u8.ToArray()),
        };
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(SandboxFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The sandbox's file {name} is not embedded in its assembly.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
