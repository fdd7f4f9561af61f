using RunwayRelay.Client;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>How <c>wait_for_video_task</c> polls and how many waits may run. Bound from the <c>Wait</c> section.</summary>
public sealed class WaitOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Wait";

    /// <summary>The shortest wait one call may ask for, in seconds.</summary>
    public const int MinTimeoutSeconds = 1;

    /// <summary>The longest wait one call may ask for, in seconds (the client's <see cref="TaskWaitOptions.MaximumTimeout"/>).</summary>
    public const int MaxTimeoutSeconds = 600;

    /// <summary>Whether a wait's timeout is one <c>wait_for_video_task</c> takes.</summary>
    public static bool IsTimeoutInRange(int seconds) => seconds is >= MinTimeoutSeconds and <= MaxTimeoutSeconds;

    /// <summary>Seconds between polls before jitter (Runway's SDKs: 6). At least 5 except against the sandbox.</summary>
    public double PollIntervalSeconds { get; set; } = 6;

    /// <summary>Seconds of random jitter either way (Runway's SDKs: 1.5); the interval never drops below 5 s for it.</summary>
    public double JitterSeconds { get; set; } = 1.5;

    /// <summary>Default wait when the client asked for progress notifications (hosts that reset their request timeout on progress).</summary>
    public int DefaultTimeoutSeconds { get; set; } = MaxTimeoutSeconds;

    /// <summary>Default wait when the client did not ask for progress: under the 60 s request timeout the MCP TypeScript SDK applies by default.</summary>
    public int DefaultTimeoutWithoutProgressSeconds { get; set; } = 50;

    /// <summary>Waits running at once, over all callers.</summary>
    public int MaxConcurrentWaits { get; set; } = 256;

    /// <summary>Waits running at once for one caller (one relay key, or one HTTP client address).</summary>
    public int MaxConcurrentWaitsPerCaller { get; set; } = 8;

    /// <summary>Whether the relay is the embedded sandbox, whose simulated tasks may be polled faster than Runway's.
    /// Set where the services are added, from <c>Sandbox:Enabled</c>; not a setting of its own.</summary>
    public bool AgainstSandbox { get; internal set; }

    /// <summary>The client-layer options these stand for.</summary>
    public TaskWaitOptions ToWaitOptions(TimeSpan timeout, string? apiKey, TimeProvider time) => new()
    {
        PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds),
        Jitter = TimeSpan.FromSeconds(JitterSeconds),
        Timeout = timeout,
        ApiKey = apiKey,
        TimeProvider = time,
        AllowIntervalBelowMinimum = AgainstSandbox,
    };

    /// <summary>Problems with these options, each saying how to fix it.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var floor = AgainstSandbox ? 0.1 : TaskWaitOptions.MinimumPollInterval.TotalSeconds;
        // Written so that NaN, which no comparison holds for, is out of range too.
        if (!(PollIntervalSeconds >= floor && PollIntervalSeconds <= 300))
        {
            problems.Add($"Wait:PollIntervalSeconds must be between {floor} and 300 (Runway does not update tasks faster than every 5 s; only the sandbox may go lower).");
        }
        if (!(JitterSeconds >= 0 && JitterSeconds <= PollIntervalSeconds))
        {
            problems.Add("Wait:JitterSeconds must be between 0 and Wait:PollIntervalSeconds.");
        }
        if (!IsTimeoutInRange(DefaultTimeoutSeconds) || !IsTimeoutInRange(DefaultTimeoutWithoutProgressSeconds))
        {
            problems.Add($"Wait:DefaultTimeoutSeconds and Wait:DefaultTimeoutWithoutProgressSeconds must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds}.");
        }
        if (MaxConcurrentWaits < 1 || MaxConcurrentWaitsPerCaller < 1 || MaxConcurrentWaitsPerCaller > MaxConcurrentWaits)
        {
            problems.Add("Wait:MaxConcurrentWaits and Wait:MaxConcurrentWaitsPerCaller must be at least 1, the per-caller cap no larger than the total.");
        }
        return problems;
    }
}
