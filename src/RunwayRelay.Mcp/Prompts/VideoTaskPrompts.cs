using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Protocol;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Prompts;

/// <summary>
/// A prompt people pick in their host (a slash command in VS Code and Claude Code, an attachment in Claude Desktop)
/// to have the assistant follow a task to its end. Hosts such as Claude Desktop also list prompts whether or not a
/// server offers them, and each refusal would be a warning with a stack trace in the server's log.
/// </summary>
[McpServerPromptType]
internal sealed class VideoTaskPrompts
{
    /// <summary>Prompt name on the wire.</summary>
    public const string Name = "check_video_task";

    /// <summary>Asks the assistant to wait for the task with <c>wait_for_video_task</c> and report the outcome.</summary>
#pragma warning disable CA1707 // task_id is the argument's name on the wire, as the tools spell it.
    [McpServerPrompt(Name = Name, Title = "Check a video task")]
    [Description("Have the assistant follow a RunwayML video task until it ends, then report it: the output links once it SUCCEEDED, or why it FAILED and what to change.")]
    public static GetPromptResult CheckVideoTask([Description(ToolPreflight.TaskIdDescription)] string task_id) => new()
#pragma warning restore CA1707
    {
        Description = $"Follow RunwayML video task {task_id} to its end",
        Messages =
        [
            new PromptMessage
            {
                Role = Role.User,
                Content = new TextContentBlock
                {
                    Text = $"Follow the RunwayML video task {task_id} with {WaitForVideoTaskTool.Name} until it ends (call it again if it returns "
                        + "before the task has ended). Then tell me how it ended: if it SUCCEEDED, give me the links to its output and say when they "
                        + "expire (reading the task again gives fresh ones); if it FAILED, tell me why and what to change before trying again.",
                },
            },
        ],
    };

    /// <summary>
    /// Refuses a missing or invalid <c>task_id</c> with a named error (-32602, as the MCP spec has it for prompt
    /// arguments), before the SDK binds it: a missing one would otherwise be the SDK's "An error occurred". A message
    /// filter, after <see cref="RequestParamsCheck"/>, so that a person's typo is one warning line rather than the SDK's
    /// error and warning with stack traces.
    /// </summary>
    public static McpMessageHandler ArgumentFilter(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.PromptsGet } request
            && request.Params.Deserialize(GetPromptParams) is { Name: Name } get && Problem(get.Arguments) is { } problem)
        {
            RequestParamsCheck.Refuse(context, request.Method, problem.Kind, problem.Text, McpErrorCode.InvalidParams);
        }
        return next(context, cancellationToken);
    };

    private static readonly JsonTypeInfo<GetPromptRequestParams> GetPromptParams =
        (JsonTypeInfo<GetPromptRequestParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(GetPromptRequestParams));

    // The tools' own check of the argument, then the id's pattern.
    private static ToolError? Problem(IDictionary<string, JsonElement>? arguments) =>
        ToolArgumentCheck.TaskIdProblem(arguments, "It is the id returned when the generation was created.")
        ?? (TaskIdRules.Explain(arguments!["task_id"].GetString()!) is { } invalid ? new ToolError("invalid_task_id", invalid) : null);
}
