using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RunwayRelay.Sandbox;
using RunwayRelay.Testing;

namespace RunwayRelay.ScaleOut;

/// <summary>
/// The run: a simulated relay, three instances, HAProxy in front. Waits start first and are held open (each task takes
/// about 15 s); then the gets run, and a third of the way through one instance gets SIGTERM, two thirds through another
/// gets SIGKILL. A wait told <c>server_stopping</c> calls again, as the message says. Half the waits ask for progress,
/// so they are answering (streaming) while they wait; the others send nothing until the end. Every call is bounded.
/// </summary>
internal static class ScaleOutRun
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GetPatience = TimeSpan.FromSeconds(30);
    // haproxy.cfg takes a dead instance out on its first refused connection, at the latest after two failed checks a
    // second apart; a third second for a loaded machine.
    private static readonly TimeSpan BalancerTakesOut = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WaitPatience = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(ScaleOutSettings settings)
    {
        // 2-second steps: a task runs about 15 s, so the waits span the stop and the kill.
        await using var relay = await SandboxRelay.StartAsync(new SandboxOptions { StepSeconds = 2 });
        await using var telemetry = await OtlpReceiver.StartAsync(CancellationToken.None);
        var instances = Enumerable.Range(1, 3).Select(i => ServerInstance.Start($"mcp{i}", relay.BaseUrl, ShutdownTimeout, telemetry.Endpoint)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(i => i.WaitUntilListeningAsync(StartPatience)));
            using var balancer = LoadBalancer.Start(settings.Configuration, instances);
            var endpoint = new Uri($"http://127.0.0.1:{balancer.Port}/mcp");
            await WaitUntilServingAsync(new Uri(endpoint, "/readyz"));

            // One key per caller; the relay keeps only a fingerprint of each key it receives.
            var keys = new ConcurrentDictionary<string, string>();
            string KeyOf(string caller) => keys.GetOrAdd(caller, c => $"sk-sandbox-{c}-{Guid.NewGuid():N}");

            var progressWaits = new CallOutcomes();
            var quietWaits = new CallOutcomes();
            var stoppingAnswers = 0;
            var waitTasks = Enumerable.Range(0, settings.Waits).Select(i => $"demo-success-w{i}").ToList();
            var polled = new ConcurrentDictionary<string, bool>();
            var allPolled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            relay.RequestReceived += request =>
            {
                if (request.TaskId.StartsWith("demo-success-w", StringComparison.Ordinal) && polled.TryAdd(request.TaskId, true) && polled.Count == settings.Waits)
                {
                    allPolled.TrySetResult();
                }
            };
            var clock = Stopwatch.StartNew();
            var progressNotes = 0;
            var progress = new Progress<ProgressNotificationValue>(_ => Interlocked.Increment(ref progressNotes));
            var waitRuns = waitTasks.Select((task, i) => WaitAsync(endpoint, KeyOf(task["demo-success-".Length..]), task, i % 2 == 0 ? progress : null, i % 2 == 0 ? progressWaits : quietWaits, () => Interlocked.Increment(ref stoppingAnswers))).ToList();
            // Beside the waits, clients of the tasks extension: they hold no connection between polls.
            var followed = new CallOutcomes();
            var failedPolls = 0;
            using var taskHttp = new HttpClient();
            var taskRuns = Enumerable.Range(0, settings.Tasks).Select(i => $"demo-success-k{i}")
                .Select(task => TaskFollower.FollowAsync(taskHttp, endpoint, KeyOf(task["demo-success-".Length..]), task, followed, () => Interlocked.Increment(ref failedPolls), WaitPatience)).ToList();
            await allPolled.Task.WaitAsync(StartPatience);

            var gets = new CallOutcomes();
            var terminated = instances[0];
            var killed = instances[1];
            var stopAt = settings.Gets / 3;
            var killAt = 2 * settings.Gets / 3;
            var done = 0;
            Task<(bool Exited, TimeSpan After)>? drained = null;
            var killedAt = TimeSpan.MaxValue;
            var getFailedAt = new ConcurrentQueue<TimeSpan>();
            var next = -1;
            async Task Caller(int caller)
            {
                // Half the callers speak 2025-11-25, as most hosts do today; the others the client's own, 2026-07-28.
                await using var client = await ConnectAsync(endpoint, KeyOf($"c{caller}"), caller % 2 == 0 ? "2025-11-25" : null);
                while (Interlocked.Increment(ref next) < settings.Gets)
                {
                    var n = next;
                    if (!await GetAsync(client, $"demo-instant-c{caller}-{n}", gets))
                    {
                        getFailedAt.Enqueue(clock.Elapsed);
                    }
                    var finished = Interlocked.Increment(ref done);
                    if (finished == stopAt)
                    {
                        Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  SIGTERM {terminated.Name} after {finished} gets");
                        var signalled = Stopwatch.StartNew();
                        terminated.Terminate();
                        drained = terminated.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(5)).ContinueWith(t => (t.Result, signalled.Elapsed), TaskScheduler.Default);
                    }
                    else if (finished == killAt)
                    {
                        Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  SIGKILL {killed.Name} after {finished} gets");
                        killedAt = clock.Elapsed;
                        killed.Kill();
                    }
                }
            }
            await Task.WhenAll(Enumerable.Range(0, settings.Callers).Select(Caller));
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {settings.Gets} gets done; waiting for the waits");
            await Task.WhenAll(waitRuns);
            await Task.WhenAll(taskRuns);
            var (exited, after) = drained is null ? (false, TimeSpan.Zero) : await drained;
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  all waits and tasks ended");

            // Every relay request must carry the key of the caller whose task it reads.
            var requests = relay.Requests.ToList();
            var foreign = requests.Count(r => r.KeyFingerprint != SandboxRequest.Fingerprint(KeyOf(CallerOf(r.TaskId))));
            var keyless = requests.Count(r => !r.CarriedKey);

            // Every instance's telemetry reached the collector (the killed one's until it died), and none holds a key.
            var reportingInstances = instances.Count(i => telemetry.AnyBodyHolds(i.InstanceId));
            var keysExported = keys.Values.Count(telemetry.AnyBodyHolds);

            var report = Report(settings, gets, progressWaits, progressNotes, quietWaits, followed, failedPolls, stoppingAnswers, requests.Count, foreign, keyless, terminated, exited, after, killed)
                + $"- Telemetry: {telemetry.BodyCount} OTLP bodies from {reportingInstances} of 3 instances; holding a caller's key: {keysExported} of {keys.Count} keys.{Environment.NewLine}";
            Console.WriteLine(report);
            if (settings.Output is { } output)
            {
                await File.WriteAllTextAsync(output, report);
            }
            var problems = new List<string>();
            if (gets.Hung + progressWaits.Hung + quietWaits.Hung + followed.Hung > 0) problems.Add("a call hung");
            // On 2026-07-28 (the C# client's revision) a wait without a progress token says nothing until it ends, so
            // when its instance dies it has had no answer and the balancer sends it again.
            if (quietWaits.Failed > 0) problems.Add($"{quietWaits.Failed} wait(s) without a progress token failed: the balancer should have sent them to another instance");
            // A task lives at the relay, so losing an instance costs a poll, never the task.
            if (followed.Succeeded != settings.Tasks) problems.Add($"{settings.Tasks - followed.Succeeded} of {settings.Tasks} tasks did not end in their result");
            if (foreign + keyless > 0) problems.Add("a relay request carried another caller's key, or none");
            if (!gets.EveryFailureExplained || !progressWaits.EveryFailureExplained || !quietWaits.EveryFailureExplained || !followed.EveryFailureExplained) problems.Add("a failure without a message");
            // The balancer sends again a get that an instance never answered (stopped, or killed first); only a get the
            // killed instance had begun to answer can fail. None may fail around the SIGTERM, nor once the balancer has
            // taken the dead instance out (on its first refused connection, or after two failed checks a second apart).
            if (!getFailedAt.IsEmpty && killedAt != TimeSpan.MaxValue)
            {
                Console.WriteLine($"Failed gets ended {(getFailedAt.Min() - killedAt).TotalSeconds:F2} to {(getFailedAt.Max() - killedAt).TotalSeconds:F2} s after the SIGKILL.");
            }
            var failedBeforeKill = getFailedAt.Count(t => t < killedAt);
            var failedLate = getFailedAt.Count(t => t > killedAt + BalancerTakesOut);
            if (failedBeforeKill > 0) problems.Add($"{failedBeforeKill} get(s) failed before the SIGKILL: a stopping instance must lose none");
            if (failedLate > 0) problems.Add($"{failedLate} get(s) failed more than {BalancerTakesOut.TotalSeconds} s after the SIGKILL, when the balancer has taken the instance out");
            if (progressNotes == 0) problems.Add("no wait with a progress token was sent progress");
            if (stoppingAnswers == 0) problems.Add("no wait was told server_stopping by the stopped instance");
            if (!exited || terminated.ExitCode != 0) problems.Add($"{terminated.Name} did not exit cleanly within the shutdown timeout after SIGTERM");
            if (progressWaits.Succeeded + progressWaits.Failed + quietWaits.Succeeded + quietWaits.Failed != settings.Waits) problems.Add("not every wait was accounted for");
            if (reportingInstances != instances.Count) problems.Add($"telemetry from {reportingInstances} of {instances.Count} instances reached the collector");
            if (keysExported > 0) problems.Add("a caller's relay key was in the exported telemetry");
            problems.ForEach(p => Console.WriteLine($"FAIL: {p}"));
            return problems.Count == 0 ? 0 : 1;
        }
        finally
        {
            instances.ForEach(i => i.Dispose());
        }
    }

    private static string CallerOf(string taskId) => taskId.StartsWith("demo-success-", StringComparison.Ordinal)
        ? taskId["demo-success-".Length..]
        : taskId.Split('-')[2];

    private static Task<McpClient> ConnectAsync(Uri endpoint, string key, string? revision = null) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-Relay-Key"] = key },
        }), new McpClientOptions { ProtocolVersion = revision });

    /// <summary>One get; false when it failed with an error.</summary>
    private static async Task<bool> GetAsync(McpClient client, string taskId, CallOutcomes outcomes)
    {
        outcomes.Sending();
        using var patience = new CancellationTokenSource(GetPatience);
        try
        {
            var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = taskId }, cancellationToken: patience.Token);
            Record(result, outcomes);
            return result.IsError != true;
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            outcomes.Hang();
            return true;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            outcomes.Failure(failure.InnerException is { } inner ? $"{failure.GetType().Name}: {failure.Message} ({inner.Message})" : $"{failure.GetType().Name}: {failure.Message}");
            return false;
        }
    }

    private static async Task WaitAsync(Uri endpoint, string key, string taskId, IProgress<ProgressNotificationValue>? progress, CallOutcomes outcomes, Action toldStopping)
    {
        outcomes.Sending();
        using var patience = new CancellationTokenSource(WaitPatience);
        try
        {
            // Called again on server_stopping, as the result says; the balancer sends the new call to a live instance.
            while (true)
            {
                await using var client = await ConnectAsync(endpoint, key);
                var result = await client.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = taskId, ["timeout_seconds"] = 120 },
                    progress, cancellationToken: patience.Token);
                if (result.IsError == true && Text(result).StartsWith("[server_stopping]", StringComparison.Ordinal))
                {
                    toldStopping();
                    continue;
                }
                Record(result, outcomes);
                return;
            }
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            outcomes.Hang();
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            outcomes.Failure(failure.InnerException is { } inner ? $"{failure.GetType().Name}: {failure.Message} ({inner.Message})" : $"{failure.GetType().Name}: {failure.Message}");
        }
    }

    private static void Record(CallToolResult result, CallOutcomes outcomes)
    {
        if (result.IsError != true && result.StructuredContent is { } view && view.GetProperty("status").GetString() == "SUCCEEDED")
        {
            outcomes.Success();
        }
        else
        {
            outcomes.Failure(Text(result));
        }
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    private static async Task WaitUntilServingAsync(Uri readiness)
    {
        using var http = new HttpClient();
        using var deadline = new CancellationTokenSource(StartPatience);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(readiness, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!deadline.IsCancellationRequested)
            {
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    private static string Report(ScaleOutSettings settings, CallOutcomes gets, CallOutcomes progressWaits, int progressNotes, CallOutcomes quietWaits, CallOutcomes followed, int failedPolls, int stoppingAnswers, int relayRequests, int foreign, int keyless,
        ServerInstance terminated, bool exited, TimeSpan after, ServerInstance killed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Scale-out: 3 instances behind HAProxy on 127.0.0.1, {settings.Callers} callers for the gets (half on 2025-11-25, half on 2026-07-28), each caller its own relay key.");
        text.AppendLine();
        text.AppendLine("| calls | sent | succeeded | failed with a clear error | hung |");
        text.AppendLine("|---|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| get_video_task | {gets.Sent} | {gets.Succeeded} | {gets.Failed} | {gets.Hung} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| wait_for_video_task with a progress token (concurrent) | {progressWaits.Sent} | {progressWaits.Succeeded} | {progressWaits.Failed} | {progressWaits.Hung} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| wait_for_video_task without one (concurrent) | {quietWaits.Sent} | {quietWaits.Succeeded} | {quietWaits.Failed} | {quietWaits.Hung} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| wait_for_video_task as an MCP task, polled (concurrent) | {followed.Sent} | {followed.Succeeded} | {followed.Failed} | {followed.Hung} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- {terminated.Name}, SIGTERM a third of the way through: {(exited ? $"exited with code {terminated.ExitCode} {after.TotalSeconds:F1} s later" : "still running after its shutdown timeout")}; {stoppingAnswers} wait(s) it held were told `server_stopping`, called again and went on elsewhere.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- {killed.Name}, SIGKILL two thirds of the way through: the balancer sent the calls it had not begun to answer to another instance; those it was answering (waits streaming progress, calls on 2025-11-25, whose answers begin at once) failed (counted above).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Waits with a progress token: {progressNotes} progress notification(s) received.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Tasks: {failedPolls} request(s) came back failed from a stopping or dead instance and were asked again (the balancer resends those no instance began to answer, so these are few or none); the tasks went on.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Relay requests: {relayRequests}; carrying another caller's key: {foreign}; carrying none: {keyless}.");
        foreach (var (kind, outcomes) in new[] { ("get", gets), ("wait with progress", progressWaits), ("wait without progress", quietWaits), ("task", followed) })
        {
            foreach (var error in outcomes.ErrorSummary)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- failed {kind}: {error}");
            }
        }
        return text.ToString();
    }
}
