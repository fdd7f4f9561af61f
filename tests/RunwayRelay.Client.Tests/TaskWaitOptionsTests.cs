namespace RunwayRelay.Client.Tests;

/// <summary>The polling interval: Runway's SDK defaults, and never faster than Runway updates a task.</summary>
public sealed class TaskWaitOptionsTests
{
    [Fact]
    public void The_default_interval_never_drops_below_five_seconds_whatever_the_jitter()
    {
        var options = new TaskWaitOptions();
        var random = new Random(12345);

        var delays = Enumerable.Range(0, 10_000).Select(_ => options.NextDelay(random.NextDouble())).Append(options.NextDelay(0)).Append(options.NextDelay(0.999999)).ToList();

        Assert.All(delays, d => Assert.True(d >= TimeSpan.FromSeconds(5), $"{d} is below 5 s"));
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(7.5), $"{d} is above 6 s + 1.5 s"));
        Assert.Equal(TimeSpan.FromSeconds(6), options.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Timeout);
    }

    [Theory]
    // 6 s ± 1.5 s, spread evenly over the random number: from the floor up to 7.5 s.
    [InlineData(0.0, false, 5.0)]
    [InlineData(0.25, false, 5.25)]
    [InlineData(0.5, false, 6.0)]
    [InlineData(0.9, false, 7.2)]
    // Where the floor is lifted (the sandbox), the low end is kept.
    [InlineData(0.0, true, 4.5)]
    public void The_delay_is_the_interval_give_or_take_the_jitter(double unitRandom, bool belowMinimum, double seconds)
    {
        var options = new TaskWaitOptions { AllowIntervalBelowMinimum = belowMinimum };

        Assert.Equal(seconds, options.NextDelay(unitRandom).TotalSeconds, precision: 6);
    }

    [Fact]
    public void An_interval_below_five_seconds_is_refused_outside_the_sandbox()
    {
        var error = Assert.Throws<ArgumentException>(() => new TaskWaitOptions { PollInterval = TimeSpan.FromSeconds(1) }.ThrowIfInvalid());

        Assert.Contains("5 s", error.Message, StringComparison.Ordinal);
        new TaskWaitOptions { PollInterval = TimeSpan.FromSeconds(1), Jitter = TimeSpan.Zero, AllowIntervalBelowMinimum = true }.ThrowIfInvalid();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    public void A_timeout_outside_ten_minutes_is_refused(int seconds)
    {
        var error = Assert.Throws<ArgumentException>(() => new TaskWaitOptions { Timeout = TimeSpan.FromSeconds(seconds) }.ThrowIfInvalid());

        Assert.Equal(nameof(TaskWaitOptions.Timeout), error.ParamName);
        Assert.StartsWith($"Timeout must be more than 0 s and at most 600 s; it is {seconds} s.", error.Message, StringComparison.Ordinal);
        // The bound is what the message says: a wait shorter than a second is one look.
        new TaskWaitOptions { Timeout = TimeSpan.FromMilliseconds(500) }.ThrowIfInvalid();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Asking_again_for_a_task_the_relay_does_not_know_yet_is_bounded(int retries)
    {
        var error = Assert.Throws<ArgumentException>(() => new TaskWaitOptions { NotYetVisibleRetries = retries }.ThrowIfInvalid());

        Assert.Equal(nameof(TaskWaitOptions.NotYetVisibleRetries), error.ParamName);
        new TaskWaitOptions { NotYetVisibleRetries = 0 }.ThrowIfInvalid();
    }

    [Theory]
    [InlineData(-1, 60, nameof(TaskWaitOptions.Jitter))]
    [InlineData(7, 60, nameof(TaskWaitOptions.Jitter))]
    [InlineData(1.5, 5, nameof(TaskWaitOptions.MaximumBackoff))]
    public void Jitter_beyond_the_interval_and_a_backoff_below_it_are_refused_by_name(double jitterSeconds, double maximumBackoffSeconds, string named)
    {
        var options = new TaskWaitOptions { Jitter = TimeSpan.FromSeconds(jitterSeconds), MaximumBackoff = TimeSpan.FromSeconds(maximumBackoffSeconds) };

        Assert.Equal(named, Assert.Throws<ArgumentException>(options.ThrowIfInvalid).ParamName);
    }
}
