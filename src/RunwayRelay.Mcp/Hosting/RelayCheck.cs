using Microsoft.Kiota.Abstractions;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// <c>--check</c>: tries the configured relay address and key while the server is being set up, instead of when an
/// agent first calls a tool. It reads a task id that cannot exist, with the key and then without one (without one
/// alone where callers bring their own). Runway answers 404 for an unknown task, and a relay refuses a request without
/// a key (401) on its real endpoint; a 404 either way means the request never reached an endpoint that checks keys (a
/// wrong path in <c>Relay__BaseUrl</c>, most often).
/// </summary>
internal static class RelayCheck
{
    /// <summary>Runs the check and says what it found on <paramref name="output"/>: 0 when the address and key work,
    /// 1 when they do not or the relay's answers cannot tell. With <paramref name="callersBringKeys"/> (HTTP, where each
    /// caller sends its key in X-Relay-Key) a missing Relay__ApiKey is no problem: the address is checked alone.</summary>
    public static Task<int> RunAsync(RelayOptions relay, bool callersBringKeys, TextWriter output, CancellationToken cancellationToken) =>
        // A fresh UUID, as Runway's ids are: no task has it, and no relay refuses its shape.
        RunAsync(relay, callersBringKeys, output, Guid.NewGuid().ToString(), cancellationToken);

    /// <summary>The check with the task id to read (a sandbox scenario, in tests).</summary>
    internal static async Task<int> RunAsync(RelayOptions relay, bool callersBringKeys, TextWriter output, string probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(output);
        var hasKey = !string.IsNullOrEmpty(relay.ApiKey);
        if (!hasKey && !callersBringKeys)
        {
            await output.WriteLineAsync("No key to check: set Relay__ApiKey (or --Relay:ApiKey=...) to the relay key to try; without one every call is missing_key.").ConfigureAwait(false);
            return 1;
        }
        await output.WriteLineAsync(hasKey
            ? $"Reading task {probe}, which does not exist, from the relay at {relay.BaseUrl}, with the key in Relay__ApiKey and then without one."
            : $"Reading task {probe}, which does not exist, from the relay at {relay.BaseUrl} without a key: callers bring theirs in X-Relay-Key, and Relay__ApiKey is not set.").ConfigureAwait(false);
        var proxy = new RelayProxy(relay.BaseUrl);
        if (proxy.Address is { } through)
        {
            await output.WriteLineAsync($"Through the proxy at {through} ({proxy.Variables}; NO_PROXY lists hosts to reach directly).").ConfigureAwait(false);
        }

        var withKey = hasKey ? await ReadAsync(relay, proxy, probe, cancellationToken).ConfigureAwait(false) : default;
        if (hasKey && !withKey.Reached)
        {
            await output.WriteLineAsync($"Problem: {withKey.Problem}").ConfigureAwait(false);
            return 1;
        }
        var withoutKey = await ReadAsync(Keyless(relay), proxy, probe, cancellationToken).ConfigureAwait(false);
        if (withoutKey.Refused)
        {
            await output.WriteLineAsync(hasKey
                ? $"OK: the relay answered {withKey.Answer} with the key and HTTP 401 without it: the address reaches its task endpoint and the key is accepted."
                : "OK: the relay answered HTTP 401 without a key: the address reaches an endpoint that checks keys. Each caller's key is checked on its first call (unauthorized when refused).").ConfigureAwait(false);
            return 0;
        }
        if (!hasKey && !withoutKey.Reached)
        {
            await output.WriteLineAsync($"Problem: {withoutKey.Problem}").ConfigureAwait(false);
            return 1;
        }
        var answers = hasKey ? $"{withKey.Answer} with the key and {withoutKey.Answer} without it" : $"{withoutKey.Answer} without a key";
        await output.WriteLineAsync($"Cannot tell: the relay answered {answers}; an endpoint that does not refuse a request without a key may not be the task endpoint. Relays document it as <root URL>/runwayml/v1/tasks/{{id}}: check that Relay__BaseUrl is that root URL.").ConfigureAwait(false);
        return 1;
    }

    // Reached: an answer only the task endpoint gives a made-up id (no such task). Refused: a 401. Answer: what came back,
    // in a few words; Problem: what to do about a failure, as the tools say it.
    private static async Task<(bool Reached, bool Refused, string Answer, string? Problem)> ReadAsync(RelayOptions relay, RelayProxy proxy, string probe, CancellationToken cancellationToken)
    {
        try
        {
            var task = await RunwayRelayClient.Create(relay).GetTaskAsync(probe, cancellationToken).ConfigureAwait(false);
            return (true, false, $"a task ({task.StatusText()})", null);
        }
        catch (RelayErrorAnswerException relayError) when (relayError.Code == "task_not_exist")
        {
            // A relay's own answer for a task it does not know: CometAPI's envelope (200), new-api gateways' 400.
            return (true, false, "its error task_not_exist", null);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            string?[] secrets = [relay.ApiKey];
            var problem = new RelayFailureTranslator(TimeProvider.System, proxy).Translate(failure, probe, relay.Timeout, secrets);
            var answer = failure is ApiException { ResponseStatusCode: var status } answered
                ? $"HTTP {status}{(RelayErrorMessages.RelaySaid(answered as IRelayErrorBody) is { } said ? $" (\"{RelayErrorMessages.Scrub(said, secrets)}\")" : "")}"
                : problem.Kind;
            return (failure is TaskNotFoundError, failure is UnauthorizedError, answer, problem.Text);
        }
    }

    /// <summary>The same settings without the key, for the second read.</summary>
    internal static RelayOptions Keyless(RelayOptions relay) => new()
    {
        BaseUrl = relay.BaseUrl,
        RunwayVersion = relay.RunwayVersion,
        Timeout = relay.Timeout,
        TotalTimeout = relay.TotalTimeout,
        MaxRetries = relay.MaxRetries,
        MaxRetryDelay = relay.MaxRetryDelay,
        MaxResponseBytes = relay.MaxResponseBytes,
    };
}
