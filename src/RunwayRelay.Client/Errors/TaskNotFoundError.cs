using Microsoft.Kiota.Abstractions;

namespace RunwayRelay.Client.Generated.Models;

// The generated class keeps Exception's default message; RelayErrorMessages rebuilds it with one that speaks.
public partial class TaskNotFoundError : IRelayErrorBody
{
    /// <summary>Creates the error with a message that says what happened.</summary>
    public TaskNotFoundError(string message)
        : base(message)
    {
        AdditionalData = new Dictionary<string, object>();
    }

    /// <summary>
    /// During <c>WaitForCompletionAsync</c>: the task as the wait last read it before the relay stopped knowing it.
    /// Runway answers 404 for a task cancelled or deleted, so set means the task went away mid-wait, not that the id is
    /// wrong. <c>null</c> when the task was never read.
    /// </summary>
    public RunwayTask? LastSeen { get; set; }
}
