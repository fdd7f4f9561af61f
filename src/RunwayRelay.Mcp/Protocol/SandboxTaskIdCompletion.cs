using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Protocol;

/// <summary>
/// Against the sandbox, hosts that complete arguments as a person types (the MCP Inspector; VS Code since
/// microsoft/vscode #249673) suggest its task ids for the <c>task_id</c> of the prompt and of the task template: trying
/// the server needs no list of ids at hand. A real relay offers no list of tasks, so there the server declares no
/// completions at all. Which prompt or template the request names is checked before (<see cref="RequestParamsCheck"/>);
/// both have <c>task_id</c> as their only argument.
/// </summary>
internal static class SandboxTaskIdCompletion
{
    private const string Argument = "task_id";

    public static ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        List<string> ids = request.Params?.Argument is { Name: Argument, Value: var typed }
            ? [.. SandboxCatalogue.ExampleIds.Where(id => id.StartsWith(typed, StringComparison.OrdinalIgnoreCase))]
            : [];
        return ValueTask.FromResult(new CompleteResult { Completion = new Completion { Values = ids, Total = ids.Count } });
    }
}
