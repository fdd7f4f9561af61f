using System.Diagnostics;
using System.Globalization;

namespace RunwayRelay.Benchmarks;

/// <summary>
/// The relay GET alone, sent the way our server sends it (HttpClient over SocketsHttpHandler, one kept-alive
/// connection, sequential), so the comparison can show what one upstream round trip costs without any MCP around it.
/// Prints one line: <c>p50Ms meanMs</c>.
/// </summary>
internal static class DirectGetFloor
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || !Uri.TryCreate(args[0], UriKind.Absolute, out var url) || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var calls) || calls is < 1 or > 20_000)
        {
            Console.Error.WriteLine("usage: direct-get <task URL> <calls, 1 to 20000>");
            return 2;
        }
        using var client = SandboxHttpClient.Create();
        for (var i = 0; i < Math.Min(200, calls); i++)
        {
            await GetAsync(client, url);
        }
        var latencies = new double[calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await GetAsync(client, url);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var meanMs = total.Elapsed.TotalMilliseconds / calls;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{latencies[(calls - 1) / 2]:F4} {meanMs:F4}"));
        return 0;
    }

    private static async Task GetAsync(HttpClient client, Uri url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
    }
}
