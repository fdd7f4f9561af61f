using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Transports.Http;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// <c>notifications/cancelled</c> over stateless HTTP, where it arrives in a POST of its own: it stops only the call of
/// the caller that sent it, and one of any other shape is taken quietly (the spec has invalid ones ignored, and a
/// handler that throws is the SDK's warning with a stack trace for a client's mistake). Over a real listener, the
/// relay's clock stopped (the task stays PENDING until the test moves it on) and the server's moved by the test.
/// </summary>
public sealed class HttpCallCancellationTests : IAsyncLifetime
{
    private FakeClockHttpServer server = null!;

    // No key of its own: each caller brings one in X-Relay-Key.
    public async ValueTask InitializeAsync() => server = await FakeClockHttpServer.StartAsync([]);

    public ValueTask DisposeAsync() => server.DisposeAsync();

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

    // Request ids are the client's own, so two callers may well use the same one.
    [Theory]
    [InlineData("another key", "sk-sandbox-caller-b", "127.0.0.1")]
    [InlineData("the same key from another address", "sk-sandbox-caller-a", "127.0.0.2")]
    public async Task A_cancellation_from_another_caller_with_the_same_request_id_leaves_the_call_running(string who, string key, string from)
    {
        var ct = TestContext.Current.CancellationToken;
        using var callerA = new HttpClient { Timeout = CapturedLogs.Patience };
        using var call = Post("""{"jsonrpc":"2.0","id":"wait-1","method":"tools/call","params":{"name":"wait_for_video_task","arguments":{"task_id":"demo-success","timeout_seconds":120},"_meta":{"progressToken":"p1"}}}""", "sk-sandbox-caller-a");
        using var response = await callerA.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, ct);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        await ReadUntilAsync(events, "notifications/progress", ct);

        using var callerB = new HttpClient(From(IPAddress.Parse(from))) { Timeout = CapturedLogs.Patience };
        using var cancel = Post("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"wait-1"}}""", key);
        using var accepted = await callerB.SendAsync(cancel, ct);
        Assert.True(accepted.IsSuccessStatusCode, $"{who}: {accepted.StatusCode}");

        // The task ends; the wait, still running, sees it at its next poll and answers.
        server.RelayTime.Advance(TimeSpan.FromMinutes(1));
        var rest = await server.ServerTime.DriveAsync(ReadUntilAsync(events, "\"result\"", ct), ct, FakeClockHttpServer.Polls);
        Assert.Contains("SUCCEEDED", rest, StringComparison.Ordinal);
    }

    private HttpRequestMessage Post(string json, string key) =>
        McpHttpServerUnderTest.PostRequest(server.Endpoint, json, new() { ["MCP-Protocol-Version"] = "2025-11-25", ["X-Relay-Key"] = key });

    // Connections from this loopback address: all of 127.0.0.0/8 is this machine's.
    private static SocketsHttpHandler From(IPAddress address) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>The lines read until one holds <paramref name="expected"/>; fails when the stream ends first, and after
    /// <see cref="CapturedLogs.Patience"/>.</summary>
    private static async Task<string> ReadUntilAsync(StreamReader events, string expected, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(CapturedLogs.Patience);
        var read = new StringBuilder();
        while (await events.ReadLineAsync(patience.Token) is { } line)
        {
            read.AppendLine(line);
            if (line.Contains(expected, StringComparison.Ordinal))
            {
                return read.ToString();
            }
        }
        throw new InvalidOperationException($"the answer ended before {expected}: {read}");
    }
}
