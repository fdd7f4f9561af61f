using BenchmarkDotNet.Running;
using RunwayRelay.Benchmarks;

// load: the bounded load harness; sandbox PORT, direct-get URL COUNT, one-get-server RELAY and sdk-one-get-server
// RELAY: the simulated relay alone, the relay GET alone, and MCP servers that do nothing but that GET (without and
// with the MCP SDK), for the side-by-side comparison (compare/compare.mjs); anything else goes to BenchmarkDotNet
// (for example: --filter '*').
if (args.Length > 0 && args[0] == "load")
{
    return await LoadHarness.RunAsync(LoadSettings.Parse(args[1..]));
}
if (args.Length > 0 && args[0] == "direct-get")
{
    return await DirectGetFloor.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "one-get-server")
{
    return OneGetServerFloor.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "sdk-one-get-server")
{
    return await SdkOneGetServerFloor.RunAsync(args[1..]);
}
if (args.Length > 1 && args[0] == "sandbox")
{
    await using var sandbox = await RunwayRelay.Sandbox.SandboxRelay.StartAsync(new RunwayRelay.Sandbox.SandboxOptions { Port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) });
    Console.WriteLine($"sandbox listening at {sandbox.BaseUrl}");
    // Runs until its parent closes standard input, so it can never outlive the comparison.
    await Console.In.ReadToEndAsync();
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args);
return 0;
