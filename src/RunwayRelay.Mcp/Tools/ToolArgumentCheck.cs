using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Checks the shape of both tools' arguments before the SDK binds them, so that a missing, misnamed or wrongly typed
/// argument gets a named tool error with one sentence on what to send, instead of the SDK's generic
/// "An error occurred invoking ...". Values (the id's pattern, the timeout's range) are checked by the tools; arguments
/// the tools do not take are ignored, as they always were, except a timeout under another name: ignored, it would
/// leave the agent waiting for the default instead of the time it asked for.
/// </summary>
internal static class ToolArgumentCheck
{
    private const string TaskId = "task_id";
    private const string TimeoutSeconds = "timeout_seconds";
    private const string SdkGenericFailure = "An error occurred invoking";

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            if (request.Params is not { Name: GetVideoTaskTool.Name or WaitForVideoTaskTool.Name } call)
            {
                return await next(request, cancellationToken).ConfigureAwait(false);
            }
            WriteIntegralTimeoutAsInteger(call.Arguments);
            if (Problem(call) is { } problem)
            {
                return Refused(request.Services, call.Name, problem);
            }
            var result = await next(request, cancellationToken).ConfigureAwait(false);
            // The tools catch what they throw; a generic failure left here is the SDK failing to bind an argument.
            return result is { IsError: true, Content: [TextContentBlock { Text: var text }] } && text.StartsWith(SdkGenericFailure, StringComparison.Ordinal)
                ? Refused(request.Services, call.Name, new ToolError("invalid_arguments", $"The arguments could not be read. {Expected(call.Name)}"))
                : result;
        };

    // Logged under the tool's own category, as the tools log the refusals they find themselves.
    private static CallToolResult Refused(IServiceProvider? services, string tool, ToolError problem)
    {
        var logger = services?.GetService<ILoggerFactory>()?.CreateLogger(tool == WaitForVideoTaskTool.Name ? typeof(WaitForVideoTaskTool) : typeof(GetVideoTaskTool))
            ?? NullLogger.Instance;
        return RelayToolCall.Refuse(logger, tool, problem);
    }

    /// <summary>Whether <c>task_id</c> is there, so named, and a string: the check of both tools and of the prompt that
    /// takes it. <paramref name="expected"/> says what to send instead.</summary>
    public static ToolError? TaskIdProblem(IDictionary<string, JsonElement>? arguments, string expected)
    {
        if (arguments is null || !arguments.TryGetValue(TaskId, out var taskId))
        {
            var near = arguments?.Keys.FirstOrDefault(name => Folded(name) == Folded(TaskId));
            return new("invalid_arguments", near is null
                ? $"task_id is required. {expected}"
                : $"The argument is named task_id, not {Bounded(near)}. {expected}");
        }
        return taskId.ValueKind == JsonValueKind.String
            ? null
            : new("invalid_task_id", $"task_id must be a string, such as \"2f19d8a7-3b74-4fc4-af42-d0bcadbaec54\"; it was {Describe(taskId)}. Nothing was sent to the relay.");
    }

    /// <summary>What is wrong with the shape of a call's arguments (the values are the tools' to check), if anything.</summary>
    public static ToolError? Problem(CallToolRequestParams call)
    {
        if (TaskIdProblem(call.Arguments, Expected(call.Name)) is { } taskIdProblem)
        {
            return taskIdProblem;
        }
        if (call.Name != WaitForVideoTaskTool.Name)
        {
            return null;
        }
        if (!call.Arguments!.ContainsKey(TimeoutSeconds)
            && call.Arguments.Keys.FirstOrDefault(name => Folded(name) is "TIMEOUTSECONDS" or "TIMEOUT" or "TIMEOUTSEC" or "TIMEOUTSECS") is { } misnamed)
        {
            return new("invalid_arguments", $"The argument is named timeout_seconds, not {Bounded(misnamed)}. {Expected(call.Name)}");
        }
        if (call.Arguments.TryGetValue(TimeoutSeconds, out var timeout) && timeout.ValueKind != JsonValueKind.Null
            && !(timeout.ValueKind == JsonValueKind.Number && timeout.TryGetInt32(out _)))
        {
            return new("invalid_timeout", $"timeout_seconds must be a whole number of seconds from {WaitOptions.MinTimeoutSeconds} to {WaitOptions.MaxTimeoutSeconds}, such as 120; it was {Describe(timeout)}.");
        }
        return null;
    }

    /// <summary>
    /// Writes a whole number of seconds sent as 30.0 or 3e1 as 30. JSON Schema counts a number with a zero fractional
    /// part as an integer (JSON Schema Validation 2020-12, "type"), so these meet the published schema, and a host that
    /// keeps every number as a double (as protobuf's Struct does) may write one so; the SDK's binder would refuse it.
    /// Called by this filter and by the tasks extension's, which runs before it.
    /// </summary>
    public static void WriteIntegralTimeoutAsInteger(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is not null && arguments.TryGetValue(TimeoutSeconds, out var timeout) && timeout.ValueKind == JsonValueKind.Number
            && !timeout.TryGetInt32(out _) && timeout.TryGetDouble(out var seconds) && seconds == Math.Floor(seconds) && Math.Abs(seconds) <= int.MaxValue)
        {
            arguments[TimeoutSeconds] = JsonElement.Parse(((int)seconds).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Expected(string tool) => tool == WaitForVideoTaskTool.Name
        ? $"Send {{\"task_id\": \"<the id returned when the generation was created>\"}}, and optionally \"timeout_seconds\": {WaitOptions.MinTimeoutSeconds} to {WaitOptions.MaxTimeoutSeconds}."
        : "Send {\"task_id\": \"<the id returned when the generation was created>\"}.";

    private static string Folded(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Bounded(value.GetRawText())}",
        JsonValueKind.Number => string.Create(CultureInfo.InvariantCulture, $"the number {Bounded(value.GetRawText())}"),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Bounded(string text)
    {
        var clean = new string(text.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length <= 40 ? clean : string.Concat(clean.AsSpan(0, 40), "…");
    }
}
