namespace RunwayRelay.Client;

/// <summary>The relay answered 200 with its own <c>code</c> and <c>message</c> instead of a task (for example
/// CometAPI's <c>task_not_exist</c> just after a task was created).</summary>
public sealed class RelayErrorAnswerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RelayErrorAnswerException(string? code, string? relayMessage)
        : base($"The relay answered with its own error instead of a task: code {code ?? "(none)"}, message \"{relayMessage ?? ""}\".")
    {
        Code = code;
        RelayMessage = relayMessage;
    }

    /// <summary>The relay's own error code, as sent.</summary>
    public string? Code { get; }

    /// <summary>The relay's own message, as sent.</summary>
    public string? RelayMessage { get; }

    /// <summary>How many times the relay answered with its own error: more than one when a wait asked again
    /// (<see cref="TaskWaitOptions.NotYetVisibleRetries"/>) and the relay still did not know the task.</summary>
    public int TimesAnswered { get; internal set; } = 1;
}
