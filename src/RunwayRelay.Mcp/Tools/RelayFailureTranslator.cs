using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Turns whatever a relay call threw into a <see cref="ToolError"/> that says what happened and what to do next.
/// Text that came from the relay is truncated and any key is scrubbed from it: a relay may echo what it was sent.
/// </summary>
public sealed class RelayFailureTranslator(TimeProvider time)
{
    private const int MaxQuotedChars = 300;

    public ToolError Translate(Exception exception, string taskId, TimeSpan timeout, IEnumerable<string?> secrets)
    {
        var error = Classify(exception, taskId, timeout);
        return error with { Message = Scrub(error.Message, secrets) };
    }

    /// <summary>Seconds to wait before the next call, from <c>Retry-After</c> (seconds or an HTTP date), if the relay sent one.</summary>
    public TimeSpan? RetryAfter(ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!exception.ResponseHeaders.TryGetValue("Retry-After", out var values) || values.FirstOrDefault() is not { } value)
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private ToolError Classify(Exception exception, string taskId, TimeSpan timeout)
    {
        switch (exception)
        {
            case TaskNotFoundError:
                return new("task_not_found", $"The relay has no task {taskId}: it does not exist, or it was deleted or cancelled. Check the id (it is returned when the generation is created); asking again with the same id will not help.");
            case UnauthorizedError e:
                return new("unauthorized", $"The relay refused the API key (HTTP 401{RelayMessage(e.Error)}). Check the key: set Relay__ApiKey for this server, or send your own key in the X-Relay-Key header over HTTP.");
            case RateLimitedError e:
                var wait = RetryAfter(e);
                return new("rate_limited", wait is { } w
                    ? string.Create(CultureInfo.InvariantCulture, $"The relay is rate limiting (HTTP 429). Wait {Math.Ceiling(w.TotalSeconds)} seconds (its Retry-After) before asking again.")
                    : "The relay is rate limiting (HTTP 429) and did not say for how long. Wait at least 30 seconds before asking again, and ask less often.");
            case BadRequestError e:
                return new("bad_request", $"The relay rejected the request as malformed (HTTP 400{RelayMessage(e.Error)}{Issues(e)}). Check the task id.");
            case ClientError e when e.ResponseStatusCode == 403:
                return new("forbidden", $"The relay refused access (HTTP 403{RelayMessage(e.Error)}): the key may lack access to Runway tasks, or the task belongs to another account.");
            case ClientError e:
                return new("relay_rejected", $"The relay rejected the request (HTTP {e.ResponseStatusCode}{RelayMessage(e.Error)}). This is not expected for this endpoint; check Relay__BaseUrl points at the relay's API root.");
            case RelayUnavailableError e:
                var after = RetryAfter(e);
                return new("relay_unavailable", string.Create(CultureInfo.InvariantCulture,
                    $"The relay or Runway failed (HTTP {e.ResponseStatusCode}{RelayMessage(e.Error)}). This is usually temporary: try again in {(after is { } a ? Math.Ceiling(a.TotalSeconds) : 30)} seconds."));
            case UnexpectedTaskShapeException e:
                return new("unexpected_response", $"The relay answered, but not with a Runway task: missing {string.Join(", ", e.MissingFields)}; fields that arrived: {Truncate(e.FieldsReceived.Count == 0 ? "none" : string.Join(", ", e.FieldsReceived))}. The relay may not forward this path to Runway; check Relay__BaseUrl.");
            case RelayResponseTooLargeException e:
                return new("unexpected_response", $"{e.Message} A task is a few hundred bytes; the relay is not answering with a task.");
            case JsonException e:
                return new("unexpected_response", $"The relay's answer is not valid JSON ({Truncate(e.Message)}). It may be an error page from a proxy; try again later, and check Relay__BaseUrl.");
            case ApiException e when e.ResponseStatusCode is >= 300 and < 400:
                return new("unexpected_response", $"The relay answered with a redirect (HTTP {e.ResponseStatusCode}) that could not be followed. Check Relay__BaseUrl (http vs https, trailing path).");
            case ApiException e:
                return new("unexpected_response", $"The relay answered HTTP {e.ResponseStatusCode} with a body that could not be read as its error ({Truncate(e.Message)}).");
            case TaskCanceledException or TimeoutException:
                return new("relay_timeout", string.Create(CultureInfo.InvariantCulture, $"The relay did not answer within {timeout.TotalSeconds} seconds. It may be overloaded: try again in 30 seconds."));
            case HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }:
                return new("relay_unreachable", "Could not connect to the relay (connection refused or reset). It may be down: try again in a minute, and check Relay__BaseUrl.");
            case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                return new("relay_unreachable", "The relay's host name does not resolve. Check Relay__BaseUrl.");
            case HttpRequestException or IOException:
                return new("relay_unreachable", $"The connection to the relay failed while reading its answer ({Truncate(exception.Message)}). Try again in a minute.");
            case InvalidOperationException e when e.Message.Contains("redirect", StringComparison.OrdinalIgnoreCase):
                return new("unexpected_response", $"The relay redirected the request in a way that is not followed ({Truncate(e.Message)}). Check Relay__BaseUrl.");
            default:
                return new("internal_error", $"Reading the task failed unexpectedly ({exception.GetType().Name}). Try again; if it persists, report it with the server's log.");
        }
    }

    private static string RelayMessage(UntypedNode? error)
    {
        var message = error switch
        {
            UntypedString s => s.GetValue(),
            UntypedObject o when o.GetValue().TryGetValue("message", out var m) && m is UntypedString ms => ms.GetValue(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(message) ? string.Empty : $": \"{Truncate(message)}\"";
    }

    private static string Issues(BadRequestError error) =>
        error.Issues is { Count: > 0 } issues ? "; " + Truncate(string.Join("; ", issues.Select(i => i.Message))) : string.Empty;

    private static string Truncate(string text) =>
        text.Length <= MaxQuotedChars ? text : string.Concat(text.AsSpan(0, MaxQuotedChars), "…");

    private static string Scrub(string text, IEnumerable<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }
        return text;
    }
}
