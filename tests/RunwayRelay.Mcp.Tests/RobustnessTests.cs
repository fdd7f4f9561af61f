using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The real server process against junk on stdin, and against SIGTERM in the middle of a wait.</summary>
public sealed class RobustnessTests
{
    private const string ValidCall = """{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}}""";

    /// <summary>Random and mutated JSON-RPC frames, bounded in count, from a fixed seed so a failure can be replayed.</summary>
    private static IEnumerable<byte[]> JunkFrames(int seed, int count)
    {
        var random = new Random(seed);
        string[] shapes =
        [
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":null}}}""",
            """{"jsonrpc":"2.0","id":{"x":1},"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":2,"method":42}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":[1,2,3]}""",
            """{"jsonrpc":"1.0","id":4,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"no_such_tool"}}""",
            """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"wait_for_video_task","arguments":{"task_id":"x","timeout_seconds":"soon","extra":true}}}""",
            """[{"jsonrpc":"2.0","id":7,"method":"ping"}]""",
            """{"jsonrpc":"2.0","id":8}""",
            """null""",
            ValidCall,
        ];
        for (var i = 0; i < count; i++)
        {
            var shape = shapes[random.Next(shapes.Length)];
            byte[] frame = (i % 4) switch
            {
                0 => RandomBytes(random, random.Next(1, 200)),
                1 => Encoding.UTF8.GetBytes(shape[..random.Next(1, shape.Length)]),
                2 => Mutate(random, Encoding.UTF8.GetBytes(shape)),
                _ => Encoding.UTF8.GetBytes(shape),
            };
            yield return [.. frame.Where(b => b != (byte)'\n'), (byte)'\n'];
        }
        yield return Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"ping\",\"params\":{\"pad\":\"" + new string('x', 200_000) + "\"}}\n");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        for (var k = random.Next(1, 5); k > 0; k--)
        {
            frame[random.Next(frame.Length)] = (byte)random.Next(32, 127);
        }
        return frame;
    }

    [Fact]
    public async Task Junk_on_stdin_never_brings_the_server_down_and_stdout_stays_protocol()
    {
        await using var server = ServerProcess.Start("--sandbox");
        await server.InitializeAsync();

        foreach (var frame in JunkFrames(seed: 20261124, count: 1500))
        {
            await server.WriteBytesAsync(frame);
        }
        await server.WriteLineAsync(ValidCall.Replace("\"call\"", "\"final\"", StringComparison.Ordinal));

        var answer = server.WaitForLine("\"id\":\"final\"", TimeSpan.FromSeconds(60));
        Assert.False(server.Process.HasExited, "the server exited: " + string.Join("\n", server.Stderr.TakeLast(20)));
        Assert.NotNull(answer);
        Assert.Contains("\"status\":\"SUCCEEDED\"", answer, StringComparison.Ordinal);
        // Every line the server wrote before that answer was JSON: nothing but protocol on stdout.
        foreach (var line in server.Stdout.ToArray())
        {
            using var _ = JsonDocument.Parse(line);
        }
    }

    [Fact]
    public async Task A_line_that_is_not_json_rpc_is_logged_by_the_transport_when_its_logs_are_asked_for()
    {
        // The transport is built with the logger factory: its note on such a line (and its warnings on a failed read
        // or write) reach stderr. There is no id to answer to.
        await using var server = ServerProcess.Start("--sandbox", "--Logging:LogLevel:ModelContextProtocol.Server.StreamServerTransport=Information");
        await server.InitializeAsync();

        await server.WriteLineAsync("status of demo-success please");

        Assert.True(await server.WaitForStderrAsync("transport message parsing failed", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken),
            string.Join("\n", server.Stderr));
    }

    [Fact]
    public async Task An_initialize_without_the_client_version_is_named_and_a_good_one_still_starts_the_session()
    {
        await using var server = ServerProcess.Start("--sandbox");

        // As Insomnia sends it (csharp-sdk #788): the SDK alone answers "An error occurred." and logs a stack trace.
        await server.WriteLineAsync("""{"jsonrpc":"2.0","id":"insomnia","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"Insomnia"}}}""");
        var refused = server.WaitForLine("\"id\":\"insomnia\"", TimeSpan.FromSeconds(30));
        await server.InitializeAsync();

        Assert.NotNull(refused);
        using var answer = JsonDocument.Parse(refused);
        var error = answer.RootElement.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("Invalid params for initialize: params.clientInfo.version is required: a string.", error.GetProperty("message").GetString());
        Assert.DoesNotContain(server.Stderr, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_during_a_wait_stops_it_and_exits_promptly()
    {
        // HttpClient's request lines (off by default) tell the test when the wait has reached the sandbox.
        await using var server = ServerProcess.Start("--sandbox", "--Logging:LogLevel:System.Net.Http.HttpClient=Information");
        await server.InitializeAsync();
        await server.WriteLineAsync("""{"jsonrpc":"2.0","id":"wait","method":"tools/call","params":{"name":"wait_for_video_task","arguments":{"task_id":"demo-new-status","timeout_seconds":300}}}""");
        Assert.True(await server.WaitForStderrAsync("GET http://127.0.0.1", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the wait never reached the sandbox");

        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(15));
        await server.Process.WaitForExitAsync(bound.Token);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15));
        Assert.Equal(0, server.Process.ExitCode);
        Assert.True(await server.WaitForStderrAsync("stopped: the server is stopping", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), string.Join("\n", server.Stderr.TakeLast(10)));
    }
}
