namespace RunwayRelay.Sandbox;

/// <summary>How the simulated relay behaves. Bound from the <c>Sandbox</c> section (<c>Sandbox__StepSeconds</c>, ...).</summary>
public sealed class SandboxOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Sandbox";

    /// <summary>The key the sandbox accepts. Public on purpose: it guards nothing but the 401 scenario.</summary>
    public const string PublicKey = "sandbox-key";

    /// <summary>Whether the server starts the sandbox and talks to it instead of a real relay.</summary>
    public bool Enabled { get; set; }

    /// <summary>Seconds each lifecycle step lasts (PENDING, then each RUNNING step). 3 s plays a whole task in about 20 s.</summary>
    public double StepSeconds { get; set; } = 3;

    /// <summary>Seconds a <c>Retry-After</c> of the rate-limit scenario asks for.</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>How long the <c>fault-slow</c> scenario waits before answering.</summary>
    public double SlowSeconds { get; set; } = 15;

    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Problems with these options, each saying how to fix it.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add("Sandbox:Port must be between 0 and 65535 (0 picks a free port).");
        }
        if (double.IsNaN(StepSeconds) || StepSeconds < 0 || StepSeconds > 3600)
        {
            problems.Add("Sandbox:StepSeconds must be between 0 and 3600 (0 ends every task at once).");
        }
        if (RetryAfterSeconds is < 0 or > 3600)
        {
            problems.Add("Sandbox:RetryAfterSeconds must be between 0 and 3600.");
        }
        if (double.IsNaN(SlowSeconds) || SlowSeconds < 0 || SlowSeconds > 3600)
        {
            problems.Add("Sandbox:SlowSeconds must be between 0 and 3600.");
        }
        return problems;
    }
}
