using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
