using BenchmarkDotNet.Running;
using RunwayRelay.Benchmarks;

// load: the bounded load harness; anything else goes to BenchmarkDotNet (for example: --filter '*').
if (args.Length > 0 && args[0] == "load")
{
    return await LoadHarness.RunAsync(LoadSettings.Parse(args[1..]));
}
BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args);
return 0;
