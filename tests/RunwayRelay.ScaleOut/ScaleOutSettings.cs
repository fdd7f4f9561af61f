using System.Globalization;

namespace RunwayRelay.ScaleOut;

/// <summary>What the run does: how many calls of each kind, through which balancer configuration. Bounded.</summary>
internal sealed record ScaleOutSettings(int Gets, int Waits, int Tasks, int Callers, string Configuration, string? Output)
{
    public const string Usage = "usage: RunwayRelay.ScaleOut --haproxy-config <file> [--gets 1000] [--waits 30] [--tasks 30] [--callers 10] [--output report.md]";

    public static ScaleOutSettings? Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback, int max) => Math.Clamp(int.Parse(Value(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), 1, max);
        return Value("--haproxy-config") is { } configuration
            ? new ScaleOutSettings(Number("--gets", 1000, 10_000), Number("--waits", 30, 200), Number("--tasks", 30, 200), Number("--callers", 10, 64), Path.GetFullPath(configuration), Value("--output"))
            : null;
    }
}
