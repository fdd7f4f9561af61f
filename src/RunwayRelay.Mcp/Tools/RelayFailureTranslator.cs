using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Turns whatever a relay call threw into a <see cref="ToolError"/> that says what happened and what to do next.
/// Text that came from the relay is truncated and any key is scrubbed from it: a relay may echo what it was sent.
/// Failures below HTTP name the proxy when the relay is reached through one.
/// </summary>
internal sealed class RelayFailureTranslator(TimeProvider time, RelayProxy proxy)
{
    private const int MaxQuotedChars = 300;

    /// <summary>The kind of a failure no branch foresaw: a fault of this server, not of the relay.</summary>
    public const string InternalErrorKind = "internal_error";

    public ToolError Translate(Exception exception, string taskId, TimeSpan timeout, IEnumerable<string?> secrets)
    {
        var error = Classify(exception, taskId, timeout);
        return error with { Message = RelayErrorMessages.Scrub(error.Message, secrets) };
    }

    /// <summary>How long the relay asked to wait, if it said.</summary>
    public TimeSpan? RetryAfter(ApiException exception) => RetryAfterHeader.Read(exception, time);

    private ToolError Classify(Exception exception, string taskId, TimeSpan timeout) => exception switch
    {
        UnexpectedTaskShapeException e => new("unexpected_response", $"The relay answered, but not with a Runway task: {Truncate(e.Problem)}; fields that arrived: {Truncate(e.FieldsReceived.Count == 0 ? "none" : string.Join(", ", e.FieldsReceived))}. The relay may not forward this path to Runway; check Relay__BaseUrl."),
        // Its message quotes the relay's code and message, with the status when it was not 200.
        RelayErrorAnswerException e => new("relay_error", $"{Truncate(e.Message)} " + (e.TimesAnswered > 1
            ? $"It answered so {e.TimesAnswered} times, seconds apart, so it is not just slow to learn of a new task: check the task id (the call that created the generation returns it) and that the task was created through this relay with a key of the same account (gateways built on new-api look tasks up per account)."
            : "If the task was created moments ago the relay may not know it yet: ask again in a few seconds; otherwise check the task id.")),
        TaskIdMismatchException e => new("unexpected_response", $"The relay answered with task {Truncate(e.Received)}, not {e.AskedFor} that was asked for, so its answer is not shown. Try again; if it persists, the relay mixes up tasks: report it to the relay."),
        RelayResponseTooLargeException e => new("unexpected_response", $"{e.Message} A task is a few hundred bytes; the relay is not answering with a task."),
        // Kiota reports a 2xx body it could not parse as an ApiException carrying the success status.
        ApiException { ResponseStatusCode: >= 200 and < 300 } e => new("unexpected_response", $"The relay's answer is not valid JSON ({Truncate(e.InnerException?.Message ?? e.Message)}). It may be an error page from a proxy; try again later, and check Relay__BaseUrl."),
        RelayRedirectRefusedException { ToHttps: true } e => new("unexpected_response", $"The relay redirects http to https: use https in Relay__BaseUrl ({Truncate(e.Target.GetLeftPart(UriPartial.Authority))}), which also keeps the key from crossing the network unencrypted."),
        RelayRedirectRefusedException e => new("unexpected_response", $"The relay redirected the request to another host ({Truncate(e.Target.Authority)}); this server follows redirects on the relay's own host only, since another host's answer is not the relay's. Check Relay__BaseUrl (http or https, host, trailing path)."),
        ApiException { ResponseStatusCode: >= 300 and < 400 } e => new("unexpected_response", $"The relay answered with a redirect (HTTP {e.ResponseStatusCode}) that could not be followed. Check Relay__BaseUrl (http or https, trailing path)."),
        ApiException e => ByStatus(e, taskId),
        // A wait that ran out before the relay's first answer: its own time, not the relay timeout, is what passed.
        TimeoutException e => new("relay_timeout", $"{Truncate(e.Message)} The relay may be slow or overloaded: call again, with a longer timeout_seconds if it keeps happening."),
        Polly.Timeout.TimeoutRejectedException or TaskCanceledException => new("relay_timeout", string.Create(CultureInfo.InvariantCulture, $"The relay did not answer within {timeout.TotalSeconds} seconds. It may be overloaded: try again in 30 seconds.")),
        HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } e => new("relay_unreachable", ProxyRefused(e.StatusCode is { } status ? (int)status : null)),
        HttpRequestException e when proxy.Address is not null && ThroughProxy(e) is { } failure => failure,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => new("relay_unreachable", "The relay's host name does not resolve. Check Relay__BaseUrl."),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } or HttpRequestException { InnerException: SocketException } => new("relay_unreachable", $"Could not connect to the relay ({Truncate(exception.Message)}). It may be down: try again in a minute, and check Relay__BaseUrl."),
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } e => new("relay_unreachable", NoSecureConnection(e, throughProxy: false)),
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => new("relay_unreachable", $"The relay's address answered with something that is not HTTP ({Truncate(exception.GetBaseException().Message)}). Check Relay__BaseUrl (http or https, and the port)."),
        // .NET's outer message ("An error occurred while sending the request") says nothing; the innermost one names the cause.
        HttpRequestException or IOException => new("relay_unreachable", $"The relay's connection broke before its whole answer arrived ({Truncate(exception.GetBaseException().Message)}). Try again in a minute."),
        InvalidOperationException e when e.Message.Contains("redirect", StringComparison.OrdinalIgnoreCase) => new("unexpected_response", $"The relay redirected the request in a way that is not followed ({Truncate(e.Message)}). Check Relay__BaseUrl."),
        _ => new(InternalErrorKind, $"Reading the task failed unexpectedly ({exception.GetType().Name}). Try again; if it persists, report it with the server's log."),
    };

    private static string Described(RunwayTask task) => task.Progress is double progress and >= 0 and <= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{task.StatusText()} ({Math.Round(progress * 100)}%)")
        : task.StatusText() ?? "known to the relay";

    private ToolError ByStatus(ApiException e, string taskId)
    {
        // Typed errors carry the relay's message; a body that was not JSON (an HTML page from a proxy) leaves a plain ApiException.
        var said = RelayMessage(e as IRelayErrorBody);
        var status = e.ResponseStatusCode;
        switch (status)
        {
            case 404 when e is TaskNotFoundError { LastSeen: { } seen }:
                return new("task_not_found", $"Task {taskId} was {Described(seen)} when this wait last read it; now the relay has no such task (HTTP 404{said}): it was cancelled or deleted meanwhile (Runway answers 404 for both). It will not produce a video; start a new generation if you still need one.");
            case 404:
                return new("task_not_found", $"The relay has no task {taskId}: it does not exist, or it was deleted or cancelled. Check the id (it is returned when the generation is created); asking again with the same id will not help. If every id gives this, check that Relay__BaseUrl is the relay's root URL.");
            case 401:
                return new("unauthorized", $"The relay refused the API key (HTTP 401{said}). Check the key: set Relay__ApiKey for this server, or send your own key in the X-Relay-Key header over HTTP.");
            case 403:
                return new("forbidden", $"The relay refused access (HTTP 403{said}): the key may lack access to Runway tasks, or the task belongs to another account. If its words are a web page's (a browser check), a firewall in front of the relay turned this machine away: ask the relay to allow API calls from here.");
            case 429:
                var wait = RetryAfter(e);
                return new("rate_limited", wait is { } asked
                    ? string.Create(CultureInfo.InvariantCulture, $"The relay is rate limiting (HTTP 429{said}). Wait {Math.Ceiling(asked.TotalSeconds)} seconds (its Retry-After) before asking again.")
                    : $"The relay is rate limiting (HTTP 429{said}) and did not say for how long. Wait at least 30 seconds before asking again, and ask less often.")
                { RetryAfter = wait };
            case 408:
                return new("relay_timeout", $"The relay gave up waiting for the request (HTTP 408{said}). It may be overloaded: try again in 30 seconds.");
            case 407:
                return new("relay_unreachable", ProxyRefused(407));
            case 402:
                // Payment Required: an account out of balance, which no base URL or retry changes.
                return new("relay_rejected", $"The relay asks for payment (HTTP 402{said}): the account's balance or quota at the relay may be used up. Top it up at the relay, then ask again.");
            case 400:
                return new("bad_request", $"The relay rejected the request as malformed (HTTP 400{said}{(e is BadRequestError bad ? Issues(bad) : string.Empty)}). Check the task id.");
            case >= 500:
                var after = RetryAfter(e);
                return new("relay_unavailable", string.Create(CultureInfo.InvariantCulture,
                    $"The relay or Runway failed (HTTP {status}{said}). This is usually temporary: try again in {(after is { } a ? Math.Ceiling(a.TotalSeconds) : 30)} seconds."))
                { RetryAfter = after };
            default:
                return new("relay_rejected", $"The relay rejected the request (HTTP {status}{said}). This is not expected for this endpoint; check Relay__BaseUrl points at the relay's API root.");
        }
    }

    // Only the proxy is connected to when there is one: a host name that does not resolve or a connection refused is the
    // proxy's. Through a proxy that inspects TLS, the relay's certificate is the proxy's own, which this machine must trust.
    private ToolError? ThroughProxy(HttpRequestException e) => e switch
    {
        { HttpRequestError: HttpRequestError.NameResolutionError } => new("relay_unreachable", $"The proxy's host name ({proxy.Address}) does not resolve. Check {proxy.Variables}, or list the relay's host in NO_PROXY to reach it directly."),
        { HttpRequestError: HttpRequestError.ConnectionError } or { InnerException: SocketException } => new("relay_unreachable", $"Could not connect to the proxy at {proxy.Address} ({Truncate(e.Message)}), which {proxy.Variables} names for the relay. Check that it runs and that setting, or list the relay's host in NO_PROXY to reach it directly."),
        { HttpRequestError: HttpRequestError.SecureConnectionError } => new("relay_unreachable", NoSecureConnection(e, throughProxy: true)),
        _ => null,
    };

    // The certificate's own fix where .NET names what is wrong with it; through a proxy, reaching the relay directly too.
    private string NoSecureConnection(HttpRequestException e, bool throughProxy)
    {
        var said = e.GetBaseException().Message;
        var fix = CertificateAdvice.For(said, "relay", "Relay__BaseUrl");
        return throughProxy
            ? $"Could not set up a secure connection with the relay through the proxy at {proxy.Address} ({Truncate(said)}). " + (fix is null
                ? "A proxy that inspects TLS shows its own certificate: trust its certificate authority on this machine, or list the relay's host in NO_PROXY. Otherwise check Relay__BaseUrl and the relay's certificate."
                : $"{fix} Or list the relay's host in NO_PROXY to reach it directly.")
            : $"Could not set up a secure connection with the relay ({Truncate(said)}). {fix ?? "Check Relay__BaseUrl (https only where the relay serves TLS) and the relay's certificate."}";
    }

    private string ProxyRefused(int? status)
    {
        var who = proxy.Address is { } address ? $"The proxy at {address}" : "A proxy between this server and the relay";
        var answered = status is { } code ? string.Create(CultureInfo.InvariantCulture, $"HTTP {code}") : "no status";
        return status == 407
            ? $"{who} asks for credentials ({answered}) before it connects to the relay: put them in {proxy.Variables} as http://user:password@host:port, or check the ones there."
            : $"{who} would not connect to the relay ({answered}): it may not reach the relay's host or may not allow it. Check Relay__BaseUrl and {proxy.Variables}, or list the relay's host in NO_PROXY to reach it directly.";
    }

    private static string RelayMessage(IRelayErrorBody? error) =>
        RelayErrorMessages.RelaySaid(error) is { } said ? $": \"{said}\"" : string.Empty;

    private static string Issues(BadRequestError error) =>
        error.Issues is { Count: > 0 } issues ? "; " + Truncate(string.Join("; ", issues.Select(i => i.Message))) : string.Empty;

    private static string Truncate(string text) =>
        text.Length <= MaxQuotedChars ? text : string.Concat(text.AsSpan(0, MaxQuotedChars), "…");
}
