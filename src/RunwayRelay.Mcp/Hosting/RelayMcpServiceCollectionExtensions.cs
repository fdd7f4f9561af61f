using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.McpTasks;
using RunwayRelay.Mcp.Prompts;
using RunwayRelay.Mcp.Protocol;
using RunwayRelay.Mcp.Resources;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Mcp.Views;
using RunwayRelay.Mcp.Transports.Stdio;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>Everything the server needs except its transport: one registration for stdio, HTTP and the tests.</summary>
public static class RelayMcpServiceCollectionExtensions
{
    /// <summary>The server's name in <c>serverInfo</c>.</summary>
    public const string ServerName = "runway-relay";

    /// <summary>JSON options for the tools: the SDK's, with the tool contract's source-generated types first.</summary>
    public static JsonSerializerOptions ToolSerializerOptions { get; } = CreateToolSerializerOptions();

    /// <summary>
    /// Adds the relay client, the tools and their services, and the MCP server (without a transport). Every options
    /// type is bound once from the host's configuration and validated when the host starts, every problem at once.
    /// </summary>
    public static IMcpServerBuilder AddRunwayRelayMcp(this IServiceCollection services)
    {
        services.AddOptions<RelayOptions>().BindConfiguration(RelayOptions.Section).ValidateOnStart();
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>>(new ProblemListValidator<ServerOptions>(o => o.Validate()));
        // A key lent that is not there (its secret file not mounted, say) would have every caller without X-Relay-Key
        // told missing_key; read from configuration, so that a problem of the relay's own settings is said once, by them.
        services.AddSingleton<IValidateOptions<ServerOptions>>(provider => new ProblemListValidator<ServerOptions>(server =>
            server.Transport == McpTransport.Http && server.ShareConfiguredKey && string.IsNullOrEmpty(provider.GetRequiredService<IConfiguration>()[$"{RelayOptions.Section}:ApiKey"])
                ? ["Server:ShareConfiguredKey is true, but Relay:ApiKey is not set: set the key to lend to callers without X-Relay-Key (as Relay__ApiKey, or a file of that name in Secrets__Directory), or leave sharing off."]
                : []));
        // Read straight from configuration: the host takes its options while it is built, before ServerOptions are
        // validated (which reports a value out of range at start).
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
            host.ShutdownTimeout = configuration.GetValue($"{ServerOptions.Section}:{nameof(ServerOptions.ShutdownTimeout)}", ServerOptions.DefaultShutdownTimeout));
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        // The sandbox's simulated tasks may be polled faster than Runway's: decided here, not in the tools.
        services.AddOptions<WaitOptions>().BindConfiguration(WaitOptions.Section)
            .PostConfigure<IOptions<SandboxOptions>>((wait, sandbox) => wait.AgainstSandbox = sandbox.Value.Enabled)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WaitOptions>>(new ProblemListValidator<WaitOptions>(o => o.Validate()));
        services.AddOptions<ViewOptions>().BindConfiguration(ViewOptions.Section)
            // Against the sandbox its videos come from its own origin (its address is known once it has started).
            .PostConfigure<IOptions<SandboxOptions>, IOptions<RelayOptions>>((view, sandbox, relay) =>
            {
                if (sandbox.Value.Enabled && relay.Value.BaseUrl is { } sandboxUrl && !view.MediaOrigins.Contains(sandboxUrl.GetLeftPart(UriPartial.Authority)))
                {
                    view.MediaOrigins.Add(sandboxUrl.GetLeftPart(UriPartial.Authority));
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ViewOptions>>(new ProblemListValidator<ViewOptions>(o => o.Validate()));
        RefuseIgnoredSettings<RelayOptions>(services, RelayOptions.Section, s => s.Get<RelayOptions>(UnknownSettings.RefuseUnknownKeys), []);
        RefuseIgnoredSettings<ServerOptions>(services, ServerOptions.Section, s => s.Get<ServerOptions>(UnknownSettings.RefuseUnknownKeys), ServerOptions.ListSettings);
        RefuseIgnoredSettings<WaitOptions>(services, WaitOptions.Section, s => s.Get<WaitOptions>(UnknownSettings.RefuseUnknownKeys), []);
        RefuseIgnoredSettings<ViewOptions>(services, ViewOptions.Section, s => s.Get<ViewOptions>(UnknownSettings.RefuseUnknownKeys), ViewOptions.ListSettings);
        services.AddOptions<ConsoleLogOptions>().BindConfiguration(ConsoleLogOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleLogOptions>>(new ProblemListValidator<ConsoleLogOptions>(o => o.Validate()));
        services.AddSingleton<WaitSlots>();
        services.TryAddSingleton<ClientConnection>();
        services.AddRunwayRelayClient();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton(sp => new RelayProxy(sp.GetRequiredService<IOptions<RelayOptions>>().Value.BaseUrl));
        services.AddSingleton(sp => new RelayFailureTranslator(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RelayProxy>()));
        services.AddMetrics();
        services.AddSingleton<ToolResultTelemetry>();
        services.AddTransient<RelayKeyChoice>();
        services.AddTransient<RelayToolCall>();
        // Task ids to suggest exist only against the sandbox: without a handler the SDK declares no completions.
        services.AddOptions<McpServerOptions>().Configure<IOptions<SandboxOptions>>((mcp, sandbox) =>
        {
            if (sandbox.Value.Enabled)
            {
                mcp.Handlers.CompleteHandler = SandboxTaskIdCompletion.CompleteAsync;
            }
        });
        // Once the SDK has collected the tools: their schemas as every host reads them.
        services.AddSingleton<PortableToolSchemas>();
        services.AddOptions<McpServerOptions>().PostConfigure<PortableToolSchemas>((options, schemas) => schemas.Apply(options.ToolCollection));

        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = ServerName, Title = "Runway relay video tasks", Version = ProductInfo.Version };
                // MCP Apps: hosts that render views show Views/video-task.html beside both tools' results.
                options.Capabilities ??= new ServerCapabilities();
                options.Capabilities.Extensions = new Dictionary<string, object> { [VideoTaskApp.ExtensionId] = new JsonObject() };
                // Tasks: clients that take them follow a running generation by polling instead of holding a call open.
                McpTasksExtension.AddTo(options);
                options.ServerInstructions = "Reports RunwayML generation tasks started through an API relay: videos, and images or audio the same way. Use get_video_task for one look at a task, wait_for_video_task to wait until it finishes. Task ids come from the call that started the generation.";
            })
            // The params' shape first, then the prompt's own argument, then the task resource's read and the tasks
            // extension's refusals (the first registered runs first). On the way out, no listChanged for lists that never change.
            .WithMessageFilters(filters => filters.AddIncomingFilter(RequestParamsCheck.Filter).AddIncomingFilter(VideoTaskPrompts.ArgumentFilter).AddIncomingFilter(VideoTaskResources.ReadFilter)
                .AddIncomingFilter(VideoTaskFollowing.RequestFilter).AddIncomingFilter(FixedLists.MarkRequests).AddOutgoingFilter(FixedLists.DropListChanged))
            // Outermost first: the result telemetry sees every answer, the argument check's refusals included.
            .WithRequestFilters(filters => filters
                .AddCallToolFilter(ToolResultTelemetry.Filter)
                .AddCallToolFilter(ToolArgumentCheck.Filter)
                .AddListToolsFilter(CacheHints.Definitions)
                .AddListPromptsFilter(CacheHints.Definitions)
                .AddListResourcesFilter(CacheHints.Definitions)
                .AddListResourceTemplatesFilter(CacheHints.Definitions)
                .AddReadResourceFilter(CacheHints.Read))
            .WithTools<GetVideoTaskTool>(ToolSerializerOptions)
            .WithTools<WaitForVideoTaskTool>(ToolSerializerOptions)
            .WithResources<VideoTaskResources>()
            .WithPrompts<VideoTaskPrompts>(ToolSerializerOptions);
    }

    // What the binder would ignore in a section, as problems of its options type: listed at start with the others.
    // Program binds the Sandbox section strictly itself, before the sandbox starts.
    private static void RefuseIgnoredSettings<TOptions>(IServiceCollection services, string section, Action<IConfigurationSection> bindStrictly, IReadOnlyList<string> lists)
        where TOptions : class =>
        services.AddSingleton<IValidateOptions<TOptions>>(provider => new ProblemListValidator<TOptions>(_ =>
        {
            var settings = provider.GetRequiredService<IConfiguration>().GetSection(section);
            var refused = UnknownSettings.RefusedKeys(() => bindStrictly(settings));
            return [.. refused.Select(UnknownSettings.NotASetting), .. UnknownSettings.ListsGivenOneValue(settings, lists), .. UnknownSettings.ValuesGivenItems(settings, lists, refused)];
        }));

    private static JsonSerializerOptions CreateToolSerializerOptions()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        options.TypeInfoResolverChain.Insert(0, ToolJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}
