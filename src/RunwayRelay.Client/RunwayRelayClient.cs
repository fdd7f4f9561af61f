using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Serialization.Json;
using System.Text.Json;
using RunwayRelay.Client.Generated;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Client.Serialization;

namespace RunwayRelay.Client;

/// <summary>
/// A ready client for a relay's Runway task endpoint: the Kiota-generated <see cref="RunwayRelayApiClient"/>
/// (all its request builders stay available) plus the calls most callers need.
/// </summary>
/// <example>
/// <code>
/// var client = RunwayRelayClient.Create(new RelayOptions { BaseUrl = new("https://api.your-relay.com"), ApiKey = key });
/// var task = await client.GetTaskAsync("2f19d8a7-3b74-4fc4-af42-d0bcadbaec54");
/// Console.WriteLine($"{task.StatusText()} {task.Progress:P0}");
/// </code>
/// </example>
public sealed class RunwayRelayClient : RunwayRelayApiClient
{
    /// <summary>Wraps an <see cref="HttpClient"/> that already carries <see cref="RelayHttpPipeline.CreateHandlers"/>
    /// (as <see cref="RelayServiceCollectionExtensions.AddRunwayRelayClient"/> and <see cref="Create"/> set it up).</summary>
    public RunwayRelayClient(HttpClient httpClient, RelayOptions options)
        : base(CreateAdapter(httpClient, options))
    {
        configuredKey = options.ApiKey;
    }

    private readonly string? configuredKey;

    /// <summary>A client with its own <see cref="HttpClient"/>; keep it for the life of the application.</summary>
    /// <param name="options">Where the relay is and which key to use.</param>
    /// <param name="innerHandler">The handler that reaches the network; a default one when <c>null</c>.</param>
    public static RunwayRelayClient Create(RelayOptions options, HttpMessageHandler? innerHandler = null)
    {
        ThrowIfInvalid(options);
        return new RunwayRelayClient(RelayHttpPipeline.CreateHttpClient(options, innerHandler), options);
    }

    /// <summary>Reads a task's current state.</summary>
    /// <param name="taskId">The id returned when the generation was created; checked against <see cref="TaskIdRules"/> before anything is sent.</param>
    /// <param name="apiKey">A relay key for this call only, instead of <see cref="RelayOptions.ApiKey"/>.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <exception cref="ArgumentException">The id breaks <see cref="TaskIdRules"/>, or the key <see cref="RelayKeyRules"/>; nothing was sent.</exception>
    /// <exception cref="TaskNotFoundError">No such task, or it was deleted or cancelled (404).</exception>
    /// <exception cref="UnauthorizedError">The key was refused (401).</exception>
    /// <exception cref="RateLimitedError">Rate limited (429) after the configured retries.</exception>
    /// <exception cref="RelayUnavailableError">The relay or Runway failed (5xx) after the configured retries.</exception>
    /// <exception cref="Polly.Timeout.TimeoutRejectedException">An attempt passed <see cref="RelayOptions.Timeout"/>, or the call <see cref="RelayOptions.TotalTimeout"/>.</exception>
    /// <exception cref="UnexpectedTaskShapeException">The relay answered 200 with something that is not a task.</exception>
    /// <exception cref="TaskIdMismatchException">The relay answered with another task than the one asked for.</exception>
    /// <exception cref="RelayErrorAnswerException">The relay answered with its own code and message instead of a task (200, or 400 without Runway's <c>error</c>).</exception>
    /// <exception cref="RelayResponseTooLargeException">The body passed <see cref="RelayOptions.MaxResponseBytes"/>.</exception>
    /// <exception cref="HttpRequestException">No connection, or it broke before the whole answer arrived, after the configured retries; or the host name, the TLS handshake or the protocol was wrong (not retried).</exception>
    public Task<RunwayTask> GetTaskAsync(string taskId, string? apiKey = null, CancellationToken cancellationToken = default) =>
        GetTaskAsync(taskId, apiKey, requests: null, cancellationToken);

    /// <summary>Reads a task's current state, counting into <paramref name="requests"/> what left for the relay.</summary>
    internal async Task<RunwayTask> GetTaskAsync(string taskId, string? apiKey, RelayRequestCount? requests, CancellationToken cancellationToken)
    {
        TaskIdRules.ThrowIfInvalid(taskId);
        if (apiKey is not null)
        {
            RelayKeyRules.ThrowIfInvalid(apiKey);
        }
        RunwayTask? task;
        try
        {
            task = await Runwayml.V1.Tasks[taskId].GetAsync(
                configuration =>
                {
                    if (apiKey is not null)
                    {
                        configuration.Headers.Add("Authorization", $"Bearer {apiKey}");
                    }
                    if (requests is not null)
                    {
                        configuration.Options.Add(requests);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException error)
        {
            throw RelayEnvelope.ErrorIn(error) ?? (Exception)RelayErrorMessages.WithMessage(error, taskId, [apiKey, configuredKey]);
        }
        catch (JsonKindMismatchException notAnObject)
        {
            // Kiota reports a body that is not JSON as an ApiException; one that is JSON but not an object surfaces here.
            throw UnexpectedTaskShapeException.NotAnObject(notAnObject.Received);
        }
        if (task is not null && !HasTaskShape(task))
        {
            task = RelayEnvelope.Unwrap(task, taskId) ?? throw RelayEnvelope.ErrorIn(task) ?? (Exception)ShapeError(task);
        }
        return EnsureAnswers(EnsureTaskShape(task), taskId);
    }

    /// <summary>Reads a task's current state.</summary>
    public Task<RunwayTask> GetTaskAsync(string taskId, CancellationToken cancellationToken) =>
        GetTaskAsync(taskId, apiKey: null, cancellationToken);

    /// <summary>
    /// Polls the task until it SUCCEEDED, FAILED or was CANCELLED, or until <see cref="TaskWaitOptions.Timeout"/> passes
    /// (then <see cref="TaskWaitResult.TimedOut"/> is set and a new call resumes). Every 6 s ± 1.5 s by default, never
    /// sooner than 5 s; <c>Retry-After</c> is honoured and 429/5xx answers back off; other errors are thrown at once.
    /// </summary>
    /// <param name="taskId">The task to follow.</param>
    /// <param name="options">Interval, timeout, clock, key; the defaults when <c>null</c>.</param>
    /// <param name="progress">Told after every poll and while backing off.</param>
    /// <param name="cancellationToken">Stops the wait; no request is sent after it fires.</param>
    public Task<TaskWaitResult> WaitForCompletionAsync(string taskId, TaskWaitOptions? options = null, IProgress<TaskWaitProgress>? progress = null, CancellationToken cancellationToken = default) =>
        TaskPoller.WaitAsync(this, taskId, options ?? new TaskWaitOptions(), progress, cancellationToken);

    private static RunwayTask EnsureAnswers(RunwayTask task, string taskId) =>
        string.Equals(task.Id, taskId, StringComparison.Ordinal) ? task : throw new TaskIdMismatchException(taskId, task.Id!);

    private static bool HasTaskShape(RunwayTask task) => !string.IsNullOrEmpty(task.Id) && task.StatusText() is not null;

    private static RunwayTask EnsureTaskShape(RunwayTask? task)
    {
        if (task is null)
        {
            throw new UnexpectedTaskShapeException(["id", "status"], []);
        }
        return HasTaskShape(task) ? task : throw ShapeError(task);
    }

    private static UnexpectedTaskShapeException ShapeError(RunwayTask task)
    {
        var missing = new List<string>(2);
        if (string.IsNullOrEmpty(task.Id))
        {
            missing.Add("id");
        }
        if (task.StatusText() is null)
        {
            missing.Add("status");
        }
        // A value of the wrong kind is kept under its own name in AdditionalData (TolerantJsonParseNode).
        var received = FieldNames(task);
        var heldInstead = missing.Where(task.AdditionalData.ContainsKey)
            .ToDictionary(name => name, name => UnexpectedTaskShapeException.Describe(task.AdditionalData[name]));
        return new UnexpectedTaskShapeException(missing, received, heldInstead);
    }

    /// <summary>The top-level fields that arrived: the model's own, as Kiota's writer writes them, then the names kept
    /// in its <c>AdditionalData</c>.</summary>
    private static List<string> FieldNames(RunwayTask task)
    {
        // Only names are wanted, and Kiota's writer cannot write an unknown field named "" (it drops the name, and the
        // JSON writer refuses): each object's unknown fields are set aside while it is written, then given back.
        var setAside = new List<(IAdditionalDataHolder Holder, IDictionary<string, object> Fields)>();
        try
        {
            using var writer = new JsonSerializationWriter
            {
                OnBeforeObjectSerialization = item =>
                {
                    if (item is IAdditionalDataHolder holder)
                    {
                        setAside.Add((holder, holder.AdditionalData));
                        holder.AdditionalData = new Dictionary<string, object>();
                    }
                },
            };
            writer.WriteObjectValue(null, task);
            using var content = writer.GetSerializedContent();
            using var written = JsonDocument.Parse(content);
            return [.. written.RootElement.EnumerateObject().Select(property => property.Name), .. setAside[0].Fields.Keys];
        }
        finally
        {
            foreach (var (holder, fields) in setAside)
            {
                holder.AdditionalData = fields;
            }
        }
    }

    private static HttpClientRequestAdapter CreateAdapter(HttpClient httpClient, RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ThrowIfInvalid(options);
        // JSON only: BodyAsJsonHandler labels every body so.
        var parseNodes = new ParseNodeFactoryRegistry();
        var json = new TolerantJsonParseNodeFactory();
        parseNodes.ContentTypeAssociatedFactories[json.ValidContentType] = json;
        var authentication = new BaseBearerTokenAuthenticationProvider(new RelayKeyProvider(options.ApiKey, options.BaseUrl!));
        return new HttpClientRequestAdapter(authentication, parseNodes, httpClient: httpClient)
        {
            BaseUrl = options.BaseUrl!.AbsoluteUri.TrimEnd('/'),
        };
    }

    private static void ThrowIfInvalid(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
    }
}
