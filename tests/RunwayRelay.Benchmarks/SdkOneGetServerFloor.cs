using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace RunwayRelay.Benchmarks;

/// <summary>
/// The floor for a tool call through the MCP C# SDK: the smallest server the SDK's quickstart would have a
/// developer write (<c>AddMcpServer().WithStdioServerTransport().WithTools</c>), whose one tool does the relay GET
/// with a bare HttpClient and returns the body as text. No Kiota, no argument checks, no result shaping, no
/// logging. Read beside the SDK-free one-GET server, it says what the SDK's own dispatch costs per call, which no
/// server built on it can get under.
/// </summary>
internal static class SdkOneGetServerFloor
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var relay))
        {
            await Console.Error.WriteLineAsync("usage: sdk-one-get-server <relay base URL>");
            return 2;
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new RelayTasks(SandboxHttpClient.Create(), new Uri(relay, "/runwayml/v1/tasks/")));
        builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<SdkOneGetTool>();
        await builder.Build().RunAsync();
        return 0;
    }
}

/// <summary>Where the floor's tool sends its GET.</summary>
internal sealed record RelayTasks(HttpClient Client, Uri Tasks);

/// <summary>The SDK floor's only tool.</summary>
[McpServerToolType]
internal sealed class SdkOneGetTool
{
    /// <summary>The relay GET, its body as the result.</summary>
#pragma warning disable CA1707 // task_id is the argument's name on the wire, as in the real server.
    [McpServerTool(Name = "get_video_task"), Description("Reads one task from the relay.")]
    public static Task<string> GetVideoTask(RelayTasks relay, [Description("The task id.")] string task_id, CancellationToken cancellationToken)
#pragma warning restore CA1707
    {
        ArgumentNullException.ThrowIfNull(relay);
        return relay.Client.GetStringAsync(new Uri(relay.Tasks, Uri.EscapeDataString(task_id)), cancellationToken);
    }
}
