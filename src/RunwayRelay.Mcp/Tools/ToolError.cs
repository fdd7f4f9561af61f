using ModelContextProtocol.Protocol;

namespace RunwayRelay.Mcp.Tools;

/// <summary>A failure the agent can act on: a stable kind (for programs) and a sentence that says what happened and what to do.</summary>
public sealed record ToolError(string Kind, string Message)
{
    /// <summary>How long the relay asked to wait before asking again (its <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The kind in brackets before the message, as agents read it.</summary>
    public string Text => $"[{Kind}] {Message}";

    /// <summary>What <see cref="KindOf"/> answers for an error result that does not start with a kind (the SDK's own).</summary>
    public const string OtherKind = "other_error";

    /// <summary>The tool result: <c>isError</c> set, and <see cref="Text"/>.</summary>
    public CallToolResult ToResult() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = Text }],
    };

    /// <summary>The kind an error result's text starts with, as <see cref="Text"/> writes it; <see cref="OtherKind"/>
    /// for any other text.</summary>
    public static string KindOf(CallToolResult result) =>
        result.Content is [TextContentBlock { Text: ['[', .. var rest] }]
        && rest.IndexOf(']', StringComparison.Ordinal) is > 0 and var end
        && rest[..end].All(c => c is (>= 'a' and <= 'z') or '_')
            ? rest[..end]
            : OtherKind;
}
