namespace RunwayRelay.Client;

/// <summary>How <see cref="RunwayRelayClient.WaitForCompletionAsync"/> polls. The defaults follow Runway's own SDKs:
/// every 6 s with up to 1.5 s of jitter either way, never sooner than 5 s, for at most 10 minutes.</summary>
public sealed record TaskWaitOptions
{
    /// <summary>Runway does not update a task more often than this; polling faster only spends requests.</summary>
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait one call may ask for.</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Time between polls, before jitter.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Up to this much is added to or taken from each interval at random, so that many waiters do not poll in step.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long to wait at most before returning a timed-out result.</summary>
    public TimeSpan Timeout { get; init; } = MaximumTimeout;

    /// <summary>Lets intervals go below <see cref="MinimumPollInterval"/>: only for a simulated relay (the sandbox).</summary>
    public bool AllowIntervalBelowMinimum { get; init; }

    /// <summary>The longest back-off after a 429 or 5xx answer without <c>Retry-After</c>.</summary>
    public TimeSpan MaximumBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many more times to ask when the relay answers, before the task was first seen, with its own error
    /// instead of the task (<see cref="RelayErrorAnswerException"/>): some relays do not know a task for a few seconds
    /// after it was created (CometAPI's <c>task_not_exist</c>). Then the error is thrown. 0 throws it at once.</summary>
    public int NotYetVisibleRetries { get; init; } = 2;

    /// <summary>A relay key for these polls only.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The clock to wait on; tests give a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws when the options would poll too fast or wait without bound.</summary>
    public void ThrowIfInvalid()
    {
        var floor = AllowIntervalBelowMinimum ? TimeSpan.Zero : MinimumPollInterval;
        if (PollInterval < floor || PollInterval > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"PollInterval must be between {floor.TotalSeconds} s and 300 s (Runway does not update tasks faster than every {MinimumPollInterval.TotalSeconds} s).", nameof(PollInterval));
        }
        if (Jitter < TimeSpan.Zero || Jitter > PollInterval)
        {
            throw new ArgumentException("Jitter must be between 0 and PollInterval.", nameof(Jitter));
        }
        if (Timeout <= TimeSpan.Zero || Timeout > MaximumTimeout)
        {
            throw new ArgumentException($"Timeout must be more than 0 s and at most {MaximumTimeout.TotalSeconds} s; it is {Timeout.TotalSeconds} s.", nameof(Timeout));
        }
        if (NotYetVisibleRetries is < 0 or > 10)
        {
            throw new ArgumentException("NotYetVisibleRetries must be between 0 and 10.", nameof(NotYetVisibleRetries));
        }
        if (MaximumBackoff < PollInterval)
        {
            throw new ArgumentException("MaximumBackoff must not be shorter than PollInterval.", nameof(MaximumBackoff));
        }
    }

    /// <summary>The delay before the next poll: the interval with jitter, never below the floor.</summary>
    /// <param name="unitRandom">A number in [0, 1).</param>
    public TimeSpan NextDelay(double unitRandom)
    {
        var delay = PollInterval + (Jitter * ((unitRandom * 2) - 1));
        var floor = AllowIntervalBelowMinimum ? TimeSpan.Zero : MinimumPollInterval;
        return delay < floor ? floor : delay;
    }
}
