using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The tool-result counter teams read from their telemetry: one measurement per call, tagged with the tool and
/// what the call ended in, whichever layer answered.</summary>
public sealed class ToolResultTelemetryTests
{
    [Theory]
    [InlineData("get_video_task", "demo-instant", null, "SUCCEEDED")]
    [InlineData("get_video_task", "demo-new-status", null, ToolResultTelemetry.OtherStatus)]
    [InlineData("get_video_task", "fault-503", null, "relay_unavailable")]
    [InlineData("get_video_task", "no-such-task", null, "task_not_found")]
    [InlineData("get_video_task", "not a task id", null, "invalid_task_id")]
    [InlineData("wait_for_video_task", "demo-instant", 0, "invalid_timeout")]
    [InlineData("wait_for_video_task", "fault-401", 30, "unauthorized")]
    public async Task Each_call_is_counted_by_tool_and_result(string tool, string taskId, int? timeoutSeconds, string expected)
    {
        await using var harness = await McpServerHarness.StartAsync();
        using var results = new MetricCollector<long>(harness.Services.GetRequiredService<IMeterFactory>(), ToolResultTelemetry.MeterName, ToolResultTelemetry.ResultsInstrument);
        var arguments = new Dictionary<string, object?> { ["task_id"] = taskId };
        if (timeoutSeconds is not null)
        {
            arguments["timeout_seconds"] = timeoutSeconds;
        }

        await harness.CallAsync(tool, arguments);

        var measurement = Assert.Single(results.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal(tool, measurement.Tags["gen_ai.tool.name"]);
        Assert.Equal(expected, measurement.Tags[ToolResultTelemetry.ResultTag]);
    }

    [Fact]
    public async Task An_argument_refused_before_the_tool_ran_is_counted_too()
    {
        await using var harness = await McpServerHarness.StartAsync();
        using var results = new MetricCollector<long>(harness.Services.GetRequiredService<IMeterFactory>(), ToolResultTelemetry.MeterName, ToolResultTelemetry.ResultsInstrument);

        await harness.CallAsync("get_video_task", new Dictionary<string, object?> { ["taskId"] = "demo-instant" });

        Assert.Equal("invalid_arguments", Assert.Single(results.GetMeasurementSnapshot()).Tags[ToolResultTelemetry.ResultTag]);
    }

    [Fact]
    public async Task A_call_answered_with_an_mcp_task_is_counted_as_one()
    {
        var takesTasks = new ModelContextProtocol.Protocol.ClientCapabilities { Extensions = new Dictionary<string, object> { ["io.modelcontextprotocol/tasks"] = new System.Text.Json.Nodes.JsonObject() } };
        await using var harness = await McpServerHarness.StartAsync(capabilities: takesTasks);
        using var results = new MetricCollector<long>(harness.Services.GetRequiredService<IMeterFactory>(), ToolResultTelemetry.MeterName, ToolResultTelemetry.ResultsInstrument);

        var answer = await harness.Client.SendRequestAsync(new ModelContextProtocol.Protocol.JsonRpcRequest
        {
            Method = "tools/call",
            Params = new System.Text.Json.Nodes.JsonObject { ["name"] = "wait_for_video_task", ["arguments"] = new System.Text.Json.Nodes.JsonObject { ["task_id"] = "demo-success-counted" } },
        }, TestContext.Current.CancellationToken);

        Assert.Equal("task", answer.Result?["resultType"]?.GetValue<string>());
        var measurement = Assert.Single(results.GetMeasurementSnapshot());
        Assert.Equal(("wait_for_video_task", ToolResultTelemetry.HandedOutAsTask), (measurement.Tags["gen_ai.tool.name"], measurement.Tags[ToolResultTelemetry.ResultTag]));
    }

    [Theory]
    [InlineData("[relay_timeout] No answer in time.", "relay_timeout")]
    [InlineData("An error occurred invoking 'get_video_task'.", ToolError.OtherKind)]
    [InlineData("[Relay said: no] text", ToolError.OtherKind)]
    [InlineData("[]", ToolError.OtherKind)]
    public void The_kind_is_read_only_from_a_text_that_starts_with_one(string text, string expected) =>
        Assert.Equal(expected, ToolError.KindOf(new() { IsError = true, Content = [new ModelContextProtocol.Protocol.TextContentBlock { Text = text }] }));
}
