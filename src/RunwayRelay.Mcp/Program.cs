using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Sandbox;

if (CommandLineFlags.WantsHelp(args))
{
    Console.Error.WriteLine(CommandLineFlags.Usage);
    return 0;
}
var arguments = CommandLineFlags.Expand(args);

// Read the settings before choosing a host: the sandbox, when asked for, must be running before the relay
// options are checked, and the transport (read with the sandbox's overrides applied) decides which host to build.
var settings = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(arguments)
    .Build();
var sandboxOptions = settings.GetSection(SandboxOptions.Section).Get<SandboxOptions>() ?? new SandboxOptions();

await using var sandbox = sandboxOptions.Enabled ? await SandboxRelay.StartAsync(sandboxOptions) : null;
var overrides = new Dictionary<string, string?>();
if (sandbox is not null)
{
    overrides[$"{RelayOptions.Section}:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri;
    if (string.IsNullOrEmpty(settings[$"{RelayOptions.Section}:ApiKey"]))
    {
        overrides[$"{RelayOptions.Section}:ApiKey"] = SandboxOptions.PublicKey;
        overrides[$"{ServerOptions.Section}:ShareConfiguredKey"] = "true";
    }
}

var effective = new ConfigurationBuilder().AddConfiguration(settings).AddInMemoryCollection(overrides).Build();
var relay = effective.GetSection(RelayOptions.Section).Get<RelayOptions>() ?? new RelayOptions();
var server = effective.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
var wait = effective.GetSection(WaitSettings.Section).Get<WaitSettings>() ?? new WaitSettings();
var problems = relay.Validate().Concat(server.Validate()).Concat(wait.Validate(sandbox is not null)).ToList();
if (problems.Count > 0)
{
    Console.Error.WriteLine("runway-relay-mcp cannot start:");
    problems.ForEach(p => Console.Error.WriteLine($"  - {p}"));
    Console.Error.WriteLine("Try it without a relay: runway-relay-mcp --sandbox. All settings: runway-relay-mcp --help.");
    return 2;
}

IHost host;
if (server.Transport == McpTransport.Http)
{
    host = RelayMcpHttpApp.Build(arguments, overrides, server);
}
else
{
    var builder = Host.CreateApplicationBuilder(SettingsSources.ForStdio(arguments));
    SettingsSources.AddDefaultsUnder(builder.Configuration);
    builder.Configuration.AddInMemoryCollection(overrides);
    // stdout carries the protocol alone; every log line goes to stderr.
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    // The console streams as the SDK's own stdio transport uses them (output buffered); standard input goes through
    // EndOfInputStream, so that a client going away stops long waits at once.
    var connection = new ClientConnection();
    builder.Services.AddSingleton(connection);
    builder.Services.AddRunwayRelayMcp(builder.Configuration)
        .WithStreamServerTransport(
            new EndOfInputStream(Console.OpenStandardInput(), connection),
            new BufferedStream(Console.OpenStandardOutput()));
    host = builder.Build();
}

var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RunwayRelay.Mcp");
try
{
    await host.StartAsync();
}
catch (IOException bind) when (server.Transport == McpTransport.Http)
{
    // Kestrel failed to bind (address in use, no such address): one line and exit 2, never a stack trace.
    Console.Error.WriteLine($"runway-relay-mcp cannot start: cannot listen on {server.Urls}: {ListenFailure.Describe(bind)}; choose another with --Server:Urls.");
    host.Dispose();
    return 2;
}
catch (Exception failure) when (server.Transport == McpTransport.Http)
{
    Console.Error.WriteLine($"runway-relay-mcp cannot start: {failure.Message.Split('\n')[0].Trim()}");
    host.Dispose();
    return 2;
}
// Said only once the listener is bound, so nothing claims to serve what it cannot.
StartupNotices.Log(log, server, relay, sandbox?.BaseUrl);
await host.WaitForShutdownAsync();
host.Dispose();
return 0;
