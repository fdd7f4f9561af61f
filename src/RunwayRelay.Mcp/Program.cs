using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Mcp.Transports.Stdio;
using RunwayRelay.Sandbox;

if (CommandLineFlags.WantsHelp(args))
{
    // Asked for, not a log: on stdout, so that it pipes into a pager or grep.
    Console.Out.WriteLine(CommandLineFlags.Usage);
    return 0;
}

if (CommandLineFlags.WantsVersion(args))
{
    Console.Out.WriteLine(CommandLineFlags.VersionLine);
    return 0;
}

if (CommandLineFlags.Unknown(args) is { Count: > 0 } unknown)
{
    return CannotStart([CommandLineFlags.DescribeUnknown(unknown)]);
}
// One configuration for the whole server. Two things are read from it before a host exists, because they decide
// which host to build: whether to start the sandbox (whose address then stands in for the relay's) and the transport.
ConfigurationManager settings;
SandboxOptions sandboxOptions;
bool http;
try
{
    settings = SettingsSources.Read(CommandLineFlags.Expand(args));
    sandboxOptions = settings.GetSection(SandboxOptions.Section).Get<SandboxOptions>(UnknownSettings.RefuseUnknownKeys) ?? new SandboxOptions();
    http = settings.GetValue($"{ServerOptions.Section}:Transport", McpTransport.Stdio) == McpTransport.Http;
}
catch (Exception failure) when (StartupFailure.Describe(failure) is { } problems)
{
    return CannotStart(problems);
}
// The logging framework reads the levels while a host is built and cannot say which one it failed on.
if (LogLevelSettings.Problems(settings) is { Count: > 0 } logLevelProblems)
{
    return CannotStart(logLevelProblems);
}
if (sandboxOptions.Enabled && sandboxOptions.Validate() is { Count: > 0 } sandboxProblems)
{
    return CannotStart(sandboxProblems);
}
SandboxRelay? startedSandbox;
try
{
    startedSandbox = sandboxOptions.Enabled ? await SandboxRelay.StartAsync(sandboxOptions) : null;
}
catch (Exception bind) when (ListenFailure.IsBindFailure(bind))
{
    Console.Error.WriteLine($"runway-relay-mcp cannot start: the sandbox cannot listen on 127.0.0.1:{sandboxOptions.Port}: {ListenFailure.Describe(bind)}; choose another with --Sandbox:Port (0 picks a free one).");
    return 2;
}
await using var sandbox = startedSandbox;
if (sandbox is not null)
{
    var overrides = new Dictionary<string, string?> { [$"{RelayOptions.Section}:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri };
    if (string.IsNullOrEmpty(settings[$"{RelayOptions.Section}:ApiKey"]))
    {
        overrides[$"{RelayOptions.Section}:ApiKey"] = SandboxOptions.PublicKey;
        overrides[$"{ServerOptions.Section}:ShareConfiguredKey"] = "true";
    }
    settings.AddInMemoryCollection(overrides);
}
// After the sandbox's address and key are in: a RELAY_BASE_URL of another program's does not stand in its way.
if (EnvironmentVariableSpelling.Problems(settings, Environment.GetEnvironmentVariables().Keys.OfType<string>()) is { Count: > 0 } misspelled)
{
    return CannotStart(misspelled);
}

IHost builtHost;
try
{
    // Building reads the host's own settings (Server:ShutdownTimeout), which may not convert.
    builtHost = http ? RelayMcpHttpApp.Build(settings) : RelayMcpStdioHost.Build(settings);
}
catch (Exception failure) when (StartupFailure.Describe(failure) is { } problems)
{
    return CannotStart(problems);
}
using var host = builtHost;
if (CommandLineFlags.WantsCheck(args))
{
    // Asked for, not a log: on stdout. Exit 0 when what the server depends on works, 1 when not, 2 when the settings
    // are invalid (checked as start checks them, for either transport).
    try
    {
        return await CheckCommand.RunAsync(host.Services, Console.Out, CancellationToken.None);
    }
    catch (Exception failure) when (StartupFailure.Describe(failure) is { } problems)
    {
        return CannotStart(problems);
    }
}
try
{
    // Validates every options type (ValidateOnStart), then binds the listener in HTTP mode.
    await host.StartAsync();
}
catch (Exception failure) when (StartupFailure.Describe(failure) is { } problems)
{
    return CannotStart(problems);
}
catch (Exception bind) when (http && ListenFailure.IsBindFailure(bind))
{
    // Kestrel failed to bind (address in use, no such address): one line and exit 2, never a stack trace.
    var urls = host.Services.GetRequiredService<IOptions<ServerOptions>>().Value.Urls;
    Console.Error.WriteLine($"runway-relay-mcp cannot start: cannot listen on {urls}: {ListenFailure.Describe(bind)}; choose another with --Server:Urls.");
    return 2;
}
catch (Exception failure) when (http)
{
    Console.Error.WriteLine($"runway-relay-mcp cannot start: {failure.Message.Split('\n')[0].Trim()}");
    return 2;
}
// Said only once the settings are valid and the listener is bound, so nothing claims to serve what it cannot.
var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RunwayRelay.Mcp");
StartupNotices.Log(log, host.Services.GetRequiredService<IOptions<ServerOptions>>().Value, host.Services.GetRequiredService<IOptions<RelayOptions>>().Value, sandbox?.BaseUrl,
    host.Services.GetRequiredService<IOptions<OtlpExportOptions>>().Value, inputIsTerminal: !Console.IsInputRedirected, proxy: host.Services.GetRequiredService<RelayProxy>(),
    listening: host.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses);
await host.WaitForShutdownAsync();
return 0;

// The settings problems, every one at once, and exit code 2: nothing was served.
static int CannotStart(IEnumerable<string> problems)
{
    Console.Error.WriteLine("runway-relay-mcp cannot start:");
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"  - {problem}");
    }
    Console.Error.WriteLine("Try it without a relay: runway-relay-mcp --sandbox. All settings: runway-relay-mcp --help.");
    return 2;
}
