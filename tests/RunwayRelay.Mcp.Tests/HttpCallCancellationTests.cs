using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Transports.Http;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A <c>notifications/cancelled</c> of any shape is taken quietly: the spec has invalid ones ignored, and a
/// handler that throws is the SDK's warning with a stack trace for a client's mistake.</summary>
public sealed class HttpCallCancellationTests
{
    public static TheoryData<string> MisshapenParams() => new()
    {
        """["wait-1"]""",
        "\"wait-1\"",
        "7",
        """{"requestId":{"id":"wait-1"}}""",
        """{"requestId":null}""",
        "{}",
    };

    [Theory]
    [MemberData(nameof(MisshapenParams))]
    public async Task A_cancellation_of_another_shape_is_ignored(string parameters)
    {
        var cancellation = new HttpCallCancellation(new HttpContextAccessor { HttpContext = new DefaultHttpContext() });

        var handled = cancellation.OnCancelled(new JsonRpcNotification { Method = NotificationMethods.CancelledNotification, Params = JsonNode.Parse(parameters) }, TestContext.Current.CancellationToken);

        Assert.True(handled.IsCompletedSuccessfully);
        await handled;
    }
}
