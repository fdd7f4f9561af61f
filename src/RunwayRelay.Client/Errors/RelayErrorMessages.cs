using System.Globalization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client;

/// <summary>
/// Gives the typed errors a <see cref="Exception.Message"/> that says what happened: Kiota can only take a message
/// from a string property (<c>x-ms-primary-error-message</c>), and the relay's <c>error</c> field is a string on
/// Runway's errors but an object on "new-api" gateways, so the document leaves it untyped (CORRECTIONS.md, row 10)
/// and the message is composed here: what happened, the HTTP status, and the relay's own words.
/// </summary>
public static class RelayErrorMessages
{
    private const int MaxQuotedChars = 300;

    /// <summary>The relay's own message in an error body: the string itself, or the object's <c>message</c>.</summary>
    public static string? RelaySaid(UntypedNode? error)
    {
        var message = error switch
        {
            UntypedString s => s.GetValue(),
            UntypedObject o when o.GetValue().TryGetValue("message", out var m) && m is UntypedString ms => ms.GetValue(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(message) ? null : Bounded(message);
    }

    /// <summary>The relay's own message in a typed error: its <c>error</c> field as <see cref="RelaySaid(UntypedNode?)"/>
    /// reads it, or else a top-level <c>message</c> (the <c>{code, message, data}</c> errors of "new-api" gateways).</summary>
    public static string? RelaySaid(IRelayErrorBody? body) => body switch
    {
        null => null,
        { Error: not null } => RelaySaid(body.Error),
        _ when body.AdditionalData.TryGetValue("message", out var message) && message is UntypedString text => RelaySaid(text),
        _ => null,
    };

    /// <summary>
    /// The same error with a message that speaks, such as <c>Task abc not found (404): "Task not found"</c>;
    /// status, headers, body fields and the error's type are kept. <paramref name="secrets"/> never appear in it.
    /// </summary>
    public static ApiException WithMessage(ApiException error, string taskId, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(secrets);
        var status = error.ResponseStatusCode;
        var said = RelaySaid(error as IRelayErrorBody) is { } text ? $": \"{text}\"" : string.Empty;
        var message = Scrub(error switch
        {
            TaskNotFoundError => $"Task {taskId} not found ({status}){said}",
            UnauthorizedError => $"The relay refused the API key ({status}){said}",
            RateLimitedError => $"Rate limited by the relay ({status}{RetryAfter(error)}){said}",
            BadRequestError bad => $"The relay refused the request for task {taskId} as malformed ({status}){said}{Issues(bad)}",
            ClientError => $"The relay refused the request for task {taskId} ({status}){said}",
            RelayUnavailableError => $"The relay or Runway failed ({status}{RetryAfter(error)}){said}",
            _ when status is >= 200 and < 300 => $"The relay answered {status} for task {taskId}, but its body could not be read as JSON",
            _ => $"The relay answered {status} for task {taskId}, with a body that is not a JSON error",
        }, secrets);
        ApiException speaking = error switch
        {
            TaskNotFoundError e => Copy(e, new TaskNotFoundError(message)),
            UnauthorizedError e => Copy(e, new UnauthorizedError(message)),
            RateLimitedError e => Copy(e, new RateLimitedError(message)),
            BadRequestError e => Copy(e, new BadRequestError(message) { Issues = e.Issues }),
            ClientError e => Copy(e, new ClientError(message)),
            RelayUnavailableError e => Copy(e, new RelayUnavailableError(message)),
            _ => new ApiException(message, error.InnerException ?? error),
        };
        speaking.ResponseStatusCode = error.ResponseStatusCode;
        speaking.ResponseHeaders = error.ResponseHeaders;
        return speaking;
    }

    private static T Copy<T>(T from, T to) where T : IRelayErrorBody
    {
        to.Error = from.Error;
        to.AdditionalData = from.AdditionalData;
        return to;
    }

    private static string RetryAfter(ApiException error) =>
        error.ResponseHeaders.TryGetValue("Retry-After", out var values) && values.FirstOrDefault() is { Length: > 0 } value
            ? string.Create(CultureInfo.InvariantCulture, $", Retry-After: {Bounded(value.Trim())}")
            : string.Empty;

    private static string Issues(BadRequestError error) =>
        error.Issues is { Count: > 0 } issues ? "; " + Bounded(string.Join("; ", issues.Select(i => i.Message))) : string.Empty;

    private static string Bounded(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= MaxQuotedChars ? clean : string.Concat(clean.AsSpan(0, MaxQuotedChars), "…");
    }

    /// <summary><paramref name="text"/> with every one of <paramref name="secrets"/> replaced by <c>[redacted]</c>: a relay may
    /// echo the key it was sent.</summary>
    public static string Scrub(string text, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = WithoutCutSecret(text.Replace(secret, "[redacted]", StringComparison.Ordinal), secret);
            }
        }
        return text;
    }

    // Quoted relay text is cut at a bound and ends "…": a key it echoed may be cut there, its start left before the
    // "…". A start of three characters or fewer ("sk-") tells nothing and is left, so that ordinary text is not marked.
    private static string WithoutCutSecret(string text, string secret)
    {
        for (var length = secret.Length - 1; length > 3; length--)
        {
            text = text.Replace(string.Concat(secret.AsSpan(0, length), "…"), "[redacted]…", StringComparison.Ordinal);
        }
        return text;
    }
}
