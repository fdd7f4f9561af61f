namespace RunwayRelay.Client;

/// <summary>The relay answered 200 with a task, but not the one asked for: its <c>id</c> is another task's.</summary>
public sealed class TaskIdMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskIdMismatchException(string askedFor, string received)
        : base($"The relay answered with task {received}, not task {askedFor} that was asked for.")
    {
        AskedFor = askedFor;
        Received = received;
    }

    /// <summary>The id that was asked for.</summary>
    public string AskedFor { get; }

    /// <summary>The id the answer carried.</summary>
    public string Received { get; }
}
