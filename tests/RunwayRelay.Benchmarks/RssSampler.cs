using System.Globalization;

namespace RunwayRelay.Benchmarks;

/// <summary>Samples a process's resident memory (VmRSS from /proc) once a second.</summary>
internal sealed class RssSampler(int processId)
{
    private long first = -1;
    private long peak;
    private long current;

    public long FirstKb => Math.Max(first, 0);

    public long PeakKb => Interlocked.Read(ref peak);

    public long Current => Read() is long now ? now : Interlocked.Read(ref current);

    public double SoakDriftPercent(long fromKb) => fromKb <= 0 ? 0 : 100.0 * (Current - fromKb) / fromKb;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            if (Read() is long kb)
            {
                if (first < 0)
                {
                    first = kb;
                }
                Interlocked.Exchange(ref current, kb);
                if (kb > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, kb);
                }
            }
        }
        while (await WaitNextAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitNextAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private long? Read()
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
