using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Reading a tool result the way an agent would.</summary>
internal static class ToolResultAssertions
{
    public static string Text(this CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    public static JsonElement Structured(this CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        Assert.True(result.StructuredContent.HasValue, $"No structuredContent; text was: {result.Text()}");
        return result.StructuredContent!.Value;
    }

    public static string ErrorKind(this CallToolResult result)
    {
        Assert.True(result.IsError == true, $"Expected an error result, got: {result.Text()}");
        var text = result.Text();
        Assert.StartsWith("[", text, StringComparison.Ordinal);
        return text[1..text.IndexOf(']', StringComparison.Ordinal)];
    }
}
