using System.Globalization;

namespace RunwayRelay.Benchmarks;

/// <summary>How hard and how long the load harness pushes. Every figure is bounded; the run stops by itself.</summary>
internal sealed record LoadSettings(int Clients, int Seconds, int Waits, int SoakSeconds, string? Output)
{
    public static LoadSettings Parse(string[] args)
    {
        var settings = new LoadSettings(Clients: 32, Seconds: 20, Waits: 200, SoakSeconds: 120, Output: null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Bounded(int max) => Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, max);
            settings = args[i] switch
            {
                "--smoke" => settings with { Clients = 4, Seconds = 3, Waits = 16, SoakSeconds = 3 },
                "--clients" => settings with { Clients = Bounded(256) },
                "--seconds" => settings with { Seconds = Bounded(300) },
                "--waits" => settings with { Waits = Bounded(256) },
                "--soak-seconds" => settings with { SoakSeconds = Bounded(600) },
                "--output" => settings with { Output = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --smoke, --clients N, --seconds N, --waits N, --soak-seconds N, --output FILE"),
            };
        }
        return settings;
    }
}
