using System.Globalization;

namespace RunwayRelay.Client;

/// <summary>The relay answered with its own <c>code</c> and <c>message</c> instead of a task: with 200 (CometAPI's
/// <c>task_not_exist</c> just after a task was created), or with 400 as gateways built on "new-api" answer a task they
/// do not know (<c>{"code":"task_not_exist","message":"task_not_exist","data":null}</c>); or with 200 and only an
/// <c>error</c>, a string or such a gateway's <c>{"message", "type", "code"}</c> object.</summary>
public sealed class RelayErrorAnswerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RelayErrorAnswerException(string? code, string? relayMessage, int responseStatusCode = 200)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"The relay answered with its own error instead of a task{(responseStatusCode == 200 ? "" : $" (HTTP {responseStatusCode})")}: code {code ?? "(none)"}, message \"{relayMessage ?? ""}\"."))
    {
        Code = code;
        RelayMessage = relayMessage;
        ResponseStatusCode = responseStatusCode;
    }

    /// <summary>The relay's own error code, as sent.</summary>
    public string? Code { get; }

    /// <summary>The relay's own message, as sent.</summary>
    public string? RelayMessage { get; }

    /// <summary>The HTTP status it came with: 200, or 400 from a gateway that answers its own errors so.</summary>
    public int ResponseStatusCode { get; }

    /// <summary>How many times the relay answered with its own error: more than one when a wait asked again
    /// (<see cref="TaskWaitOptions.NotYetVisibleRetries"/>) and the relay still did not know the task.</summary>
    public int TimesAnswered { get; internal set; } = 1;
}
