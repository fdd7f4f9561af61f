using ModelContextProtocol.Protocol;

namespace RunwayRelay.Mcp.Tools;

/// <summary>A failure the agent can act on: a stable kind (for programs) and a sentence that says what happened and what to do.</summary>
public sealed record ToolError(string Kind, string Message)
{
    /// <summary>The kind in brackets before the message, as agents read it.</summary>
    public string Text => $"[{Kind}] {Message}";

    /// <summary>The tool result: <c>isError</c> set, and <see cref="Text"/>.</summary>
    public CallToolResult ToResult() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = Text }],
    };
}
