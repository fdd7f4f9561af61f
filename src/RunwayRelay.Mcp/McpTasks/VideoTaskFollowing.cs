// Alternate results (a task instead of a tool result) are how the SDK lets an extension answer a tool call; the SDK
// marks them experimental (MCPEXP002), like the rest of its extension surface.
#pragma warning disable MCPEXP002
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Protocol;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.McpTasks;

/// <summary>
/// What the tasks extension does here. A <c>wait_for_video_task</c> call that may get a task reads the Runway task
/// once: still running, the answer is a task handle (<see cref="VideoTaskHandle"/>) with its state; anything else (ended,
/// failing, a refused argument) goes the tool's ordinary way, so every ending and error reads as it always has.
/// Each <c>tasks/get</c> is one relay read: <c>working</c> with a status message while the task runs or the relay
/// stumbles, <c>completed</c> with the tool's result once it ended or can no longer be read.
/// </summary>
internal static partial class VideoTaskFollowing
{
    // A poll that meets these is no answer about the task: it goes on at Runway, and the next poll asks again (the wait's
    // own loop retries the same failures).
    private static readonly HashSet<string> PassingFailures = new(StringComparer.Ordinal) { "rate_limited", "relay_unavailable", "relay_timeout", "relay_unreachable" };

    public static async ValueTask<ResultOrAlternate<CallToolResult>> StartFilter(
        RequestContext<CallToolRequestParams> request, McpRequestHandler<CallToolRequestParams, ResultOrAlternate<CallToolResult>> next, CancellationToken cancellationToken)
    {
        // Whether the client takes tasks first: for every other call this filter costs a lookup, not a second
        // argument check before the ordinary one.
        if (request.Params is not { Name: WaitForVideoTaskTool.Name, Arguments: { } arguments } call
            || !McpTasksExtension.DeclaredBy(request.JsonRpcRequest, request.Server)
            || !ArgumentsFit(call, arguments) || arguments["task_id"].GetString() is not { } taskId
            || request.Services is not { } services)
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        var (callerKey, refused) = ToolPreflight.Check(taskId, services.GetRequiredService<RelayKeyChoice>());
        if (refused is not null)
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        RunwayTask task;
        try
        {
            task = await services.GetRequiredService<RunwayRelayClient>().GetTaskAsync(taskId, callerKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The wait retries, backs off and names the failure as it always has.
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        if (task.IsTerminal())
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }
        var handle = VideoTaskHandle.For(taskId);
        var logger = Logger(services);
        var status = task.StatusText() ?? "unknown status";
        LogHandedOut(logger, taskId, status, handle);
        services.GetService<ToolResultTelemetry>()?.RecordHandedOutAsTask(WaitForVideoTaskTool.Name);
        return ResultOrAlternate<CallToolResult>.FromAlternate(Working(handle, task, null, services, created: true), McpTaskJsonContext.Default.McpTaskAnswer);
    }

    // Only arguments the tool would take make a task (which then has no timeout: the client polls as long as it likes);
    // any other goes the tool's way, to its named error. A timeout of 120.0 is read as the tool reads it.
    private static bool ArgumentsFit(CallToolRequestParams call, IDictionary<string, JsonElement> arguments)
    {
        ToolArgumentCheck.WriteIntegralTimeoutAsInteger(arguments);
        return ToolArgumentCheck.Problem(call) is null
            && (!arguments.TryGetValue("timeout_seconds", out var timeout) || timeout.ValueKind == JsonValueKind.Null
                || WaitOptions.IsTimeoutInRange(timeout.GetInt32()));
    }

    public static async ValueTask<JsonNode?> GetAsync(RequestContext<JsonNode?> request, CancellationToken cancellationToken)
    {
        var (handle, taskId, services) = Read(request);
        var (task, error) = await services.GetRequiredService<RelayToolCall>().ReadAsync(McpTasksExtension.GetMethod, taskId, Logger(services),
            callerKey => services.GetRequiredService<RunwayRelayClient>().GetTaskAsync(taskId, callerKey, cancellationToken), cancellationToken).ConfigureAwait(false);
        var answer = (task, error) switch
        {
            ({ } running, _) when !running.IsTerminal() => Working(handle, running, null, services, created: false),
            (_, { } passing) when PassingFailures.Contains(passing.Kind) => Working(handle, null, Unanswered(passing), services, created: false, passing.RetryAfter),
            ({ } ended, _) => Completed(handle, ended, VideoTaskPresenter.ToResult(VideoTaskPresenter.ToView(ended, services.GetRequiredService<TimeProvider>().GetUtcNow())), services),
            _ => Completed(handle, null, error!.ToResult(), services),
        };
        return JsonSerializer.SerializeToNode(answer, McpTaskJsonContext.Default.McpTaskAnswer);
    }

    private static string Unanswered(ToolError passing)
    {
        var asked = passing.RetryAfter is { } wait ? string.Create(CultureInfo.InvariantCulture, $", asking to wait {Math.Ceiling(wait.TotalSeconds)} s") : "";
        return $"The relay did not answer this poll ({passing.Kind}{asked}); the task goes on at Runway, and the next poll asks again.";
    }

    /// <summary>Acknowledged: the client stops following. The generation itself goes on at Runway: this server reads
    /// tasks and never cancels one.</summary>
    public static ValueTask<JsonNode?> CancelAsync(RequestContext<JsonNode?> request, CancellationToken cancellationToken)
    {
        var (handle, _, services) = Read(request);
        var logger = Logger(services);
        LogStoppedFollowing(logger, handle);
        return ValueTask.FromResult<JsonNode?>(Acknowledged());
    }

    /// <summary>Acknowledged and ignored, as the spec asks of responses nobody asked for: these tasks never need input.
    /// (<see cref="RequestFilter"/> has refused ids that are not this server's.)</summary>
    public static ValueTask<JsonNode?> UpdateAsync(RequestContext<JsonNode?> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<JsonNode?>(Acknowledged());

    private static JsonObject Acknowledged() => new() { ["resultType"] = "complete" };

    /// <summary>
    /// Refuses, before their handlers, the <c>tasks/*</c> requests this server cannot answer: from a client that did
    /// not declare the extension (-32021, naming it), or for a task id that is not one of this server's (-32602). A
    /// message filter, after <see cref="RequestParamsCheck"/>: thrown from a handler, each refusal would also be the
    /// SDK's warning with a stack trace; here it is one warning line, without the id.
    /// </summary>
    public static McpMessageHandler RequestFilter(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Method: McpTasksExtension.GetMethod or McpTasksExtension.CancelMethod or McpTasksExtension.UpdateMethod } request)
        {
            if (!McpTasksExtension.DeclaredBy(request, context.Server))
            {
                RequestParamsCheck.Refuse(context, request.Method, $"the client did not declare {McpTasksExtension.ExtensionId}", new MissingRequiredClientCapabilityException(
                    new ClientCapabilities { Extensions = new Dictionary<string, object> { [McpTasksExtension.ExtensionId] = new JsonObject() } },
                    $"{request.Method} belongs to the tasks extension: declare {McpTasksExtension.ExtensionId} in the request's client capabilities."));
            }
            if (VideoTaskHandle.RunwayTaskId(Handle(request)) is null)
            {
                RequestParamsCheck.Refuse(context, request.Method, "not a task id of this server",
                    $"Invalid params for {request.Method}: no such task here. This server's task ids are \"{VideoTaskHandle.Prefix}\" and a Runway task id, as wait_for_video_task answered them.",
                    McpErrorCode.InvalidParams);
            }
        }
        return next(context, cancellationToken);
    };

    // RequestParamsCheck has made sure that taskId is a string.
    private static string? Handle(JsonRpcRequest request) => request.Params?["taskId"]?.GetValue<string>();

    private static (string Handle, string TaskId, IServiceProvider Services) Read(RequestContext<JsonNode?> request)
    {
        var handle = Handle(request.JsonRpcRequest);
        var taskId = VideoTaskHandle.RunwayTaskId(handle)
            ?? throw new InvalidOperationException($"{nameof(RequestFilter)} refuses the ids of other servers before this handler; it is not among the server's message filters.");
        return (handle!, taskId, request.Services ?? request.Server.Services!);
    }

    /// <param name="created">The answer to the tool call that creates the task (<c>resultType</c> "task"), not to a poll.</param>
    /// <param name="retryAfter">How long the relay asked to be left alone: the client is told to poll no sooner.</param>
    private static McpTaskAnswer Working(string handle, RunwayTask? task, string? message, IServiceProvider services, bool created, TimeSpan? retryAfter = null) => new()
    {
        ResultType = created ? "task" : "complete",
        TaskId = handle,
        Status = McpTaskAnswer.Working,
        StatusMessage = message ?? WaitProgressReporter.Message(task, null),
        CreatedAt = CreatedAt(task, services),
        LastUpdatedAt = Now(services),
        PollIntervalMs = (long)Math.Max(services.GetRequiredService<IOptions<WaitOptions>>().Value.PollIntervalSeconds * 1000, retryAfter?.TotalMilliseconds ?? 0),
    };

    private static McpTaskAnswer Completed(string handle, RunwayTask? task, CallToolResult result, IServiceProvider services)
    {
        // A 2026-07-28 result names its type; the SDK adds it to the results it sends itself, and clients check it
        // on the inlined one too (ext-tasks' requester refuses the task's result without it).
        result.ResultType = "complete";
        return new()
        {
            ResultType = "complete",
            TaskId = handle,
            Status = McpTaskAnswer.Completed,
            StatusMessage = result.IsError == true ? ToolError.KindOf(result) : task?.StatusText(),
            CreatedAt = CreatedAt(task, services),
            LastUpdatedAt = Now(services),
            ToolResult = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult))),
        };
    }

    // The task began when the generation did; when the relay's answer does not say (a failed poll), the time of this
    // answer is the best there is.
    private static string CreatedAt(RunwayTask? task, IServiceProvider services) =>
        task?.CreatedAt is { } created ? VideoTaskPresenter.Rfc3339(created) : Now(services);

    private static string Now(IServiceProvider services) => VideoTaskPresenter.Rfc3339(services.GetRequiredService<TimeProvider>().GetUtcNow());

    private static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VideoTaskFollowing));

    [LoggerMessage(Level = LogLevel.Information, Message = "wait_for_video_task {TaskId}: {Status}, answered with MCP task {Handle} for the client to poll")]
    private static partial void LogHandedOut(ILogger logger, string taskId, string status, string handle);

    [LoggerMessage(Level = LogLevel.Information, Message = "tasks/cancel {Handle}: the client stopped following it; the generation goes on at Runway")]
    private static partial void LogStoppedFollowing(ILogger logger, string handle);
}
