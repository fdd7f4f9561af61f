using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TaskStatus = RunwayRelay.Client.Generated.Models.TaskStatus;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// What each tool call ended in, for teams that collect telemetry: the task's status, or the kind of the named error.
/// Counted by tool and result, and added to the SDK's span of the call, so that a dashboard can tell a relay that
/// fails (<c>relay_unavailable</c>) from tasks that fail (<c>FAILED</c>). Nothing is made while nobody listens.
/// </summary>
internal sealed class ToolResultTelemetry
{
    /// <summary>The server's meter (this counter, and <see cref="WaitSlots.ActiveInstrument"/>), as exporters subscribe to it.</summary>
    public const string MeterName = "RunwayRelay.Mcp";

    /// <summary>The counter: tool results by <c>gen_ai.tool.name</c> (the SDK's tag) and <see cref="ResultTag"/>.</summary>
    public const string ResultsInstrument = "runway_relay.tool.results";

    /// <summary>The task's status (Runway's six, else <see cref="OtherStatus"/>) or the error's kind.</summary>
    public const string ResultTag = "runway_relay.tool.result";

    /// <summary>A status this server does not know: one value for all of them, so that a relay cannot grow the tag's
    /// values without bound.</summary>
    public const string OtherStatus = "other_status";

    /// <summary>A call answered with an MCP task (the tasks extension) rather than a result: its polls are counted by
    /// the SDK's own <c>tasks/get</c> metrics, not here, since a client may read a completed task more than once.</summary>
    public const string HandedOutAsTask = "mcp_task";

    private readonly Counter<long> results;

    public ToolResultTelemetry(IMeterFactory meters)
    {
        results = meters.Create(MeterName).CreateCounter<long>(ResultsInstrument, "{result}", "Tool results by tool and result: the task's status, or the named error's kind.");
    }

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken).ConfigureAwait(false);
            request.Services?.GetService<ToolResultTelemetry>()?.Record(request.Params?.Name, () => ResultOf(result));
            return result;
        };

    /// <summary>Counts a call answered with an MCP task.</summary>
    public void RecordHandedOutAsTask(string tool) => Record(tool, static () => HandedOutAsTask);

    private void Record(string? tool, Func<string> resultOf)
    {
        var span = Activity.Current;
        if (!results.Enabled && span is not { IsAllDataRequested: true })
        {
            return;
        }
        var outcome = resultOf();
        results.Add(1, new KeyValuePair<string, object?>("gen_ai.tool.name", tool), new KeyValuePair<string, object?>(ResultTag, outcome));
        span?.SetTag(ResultTag, outcome);
    }

    /// <summary>The status a result reports, or its error's kind.</summary>
    public static string ResultOf(CallToolResult result)
    {
        if (result.IsError == true)
        {
            return ToolError.KindOf(result);
        }
        return result.StructuredContent is { ValueKind: JsonValueKind.Object } content
            && content.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            // Runway's names exactly, as the client reads them (Enum.TryParse would also take "3" or "PENDING,RUNNING").
            && Enum.GetNames<TaskStatus>().Contains(status.GetString(), StringComparer.Ordinal)
            ? status.GetString()!
            : OtherStatus;
    }
}
