using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>Everything the server needs except its transport: one registration for stdio, HTTP and the tests.</summary>
public static class RelayMcpServiceCollectionExtensions
{
    /// <summary>The server's name in <c>serverInfo</c>.</summary>
    public const string ServerName = "runway-relay";

    /// <summary>JSON options for the tools: the SDK's, with the tool contract's source-generated types first.</summary>
    public static JsonSerializerOptions ToolSerializerOptions { get; } = CreateToolSerializerOptions();

    /// <summary>Adds the relay client, the tools and their services, and the MCP server (without a transport).</summary>
    public static IMcpServerBuilder AddRunwayRelayMcp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.Section));
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section));
        services.AddOptions<WaitSettings>().Bind(configuration.GetSection(WaitSettings.Section));
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));
        services.AddSingleton<WaitSlots>();
        services.TryAddSingleton<ClientConnection>();
        services.AddRunwayRelayClient();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<RelayFailureTranslator>();
        services.AddTransient<RelayKeyChoice>();

        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = ServerName, Title = "Runway relay video tasks", Version = ProductInfo.Version };
                options.ServerInstructions = "Reports RunwayML video generation tasks started through an API relay. Use get_video_task for one look at a task, wait_for_video_task to wait until it finishes. Task ids come from the call that started the generation.";
            })
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolArgumentCheck.Filter))
            .WithTools<GetVideoTaskTool>(ToolSerializerOptions)
            .WithTools<WaitForVideoTaskTool>(ToolSerializerOptions);
    }

    private static JsonSerializerOptions CreateToolSerializerOptions()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        options.TypeInfoResolverChain.Insert(0, ToolJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}
