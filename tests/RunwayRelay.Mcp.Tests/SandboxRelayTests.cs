using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The sandbox's own answers over HTTP, as its README's table promises them to a person trying the server without a key:
/// each task id's status, headers and body, the lifecycles on the clock, and which keys it takes. The tool tests read
/// these answers through the client, which hides much of them (a Kling envelope and an empty one are both "not a task").
/// </summary>
public sealed class SandboxRelayTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Answers_each_example_id_and_its_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions { StepSeconds = Step.TotalSeconds }, time, ct);
        using var http = Client(sandbox, SandboxOptions.PublicKey);
        var text = new StringBuilder();
        // fault-slow and fault-trickle wait on the clock before (or while) they answer: FaultMatrixTests drives them.
        var ids = SandboxCatalogue.ExampleIds.Where(id => id is not ("fault-slow" or "fault-trickle"))
            // The status faults' edges: the last status, one with words after it, and ids that only look like one.
            .Concat(["fault-599", "fault-401-anything", "fault-600", "fault-4011", "fault-40", "no-such-task"]);
        foreach (var id in ids)
        {
            await AppendAsync(text, http, $"/runwayml/v1/tasks/{id}", ct);
        }
        // The lifecycles where they end, six steps on: their outputs, failure and costs.
        time.Advance(6 * Step);
        foreach (var id in SandboxCatalogue.ExampleIds.Where(id => id.StartsWith("demo-", StringComparison.Ordinal)))
        {
            await AppendAsync(text, http, $"/runwayml/v1/tasks/{id}", ct, heading: $"{id}, six steps later");
        }
        foreach (var file in new[] { "demo-image.png", "demo-audio.wav", "demo-success.mp4" })
        {
            await AppendAsync(text, http, $"/files/{file}", ct);
        }

        Snapshot.Verify(text.ToString());
    }

    [Theory]
    [InlineData("demo-success", 0, "PENDING")]
    [InlineData("demo-success", 1, "RUNNING 0")]
    [InlineData("demo-success", 4, "RUNNING 0.75")]
    [InlineData("demo-success", 5, "SUCCEEDED")]
    [InlineData("demo-image", 5, "SUCCEEDED")]
    [InlineData("demo-throttled", 1, "THROTTLED")]
    [InlineData("demo-throttled", 2, "RUNNING 0")]
    [InlineData("demo-throttled", 6, "SUCCEEDED")]
    [InlineData("demo-failure", 2, "RUNNING 0.3")]
    [InlineData("demo-failure", 3, "FAILED")]
    [InlineData("demo-cancelled", 1, "CANCELLED")]
    [InlineData("demo-never-ends", 1000, "RUNNING 0.5")]
    [InlineData("demo-appears-late", 0, "HTTP 400 task_not_exist")]
    [InlineData("demo-appears-late", 1, "PENDING")]
    [InlineData("demo-appears-late", 2, "RUNNING 0")]
    [InlineData("demo-deleted", 2, "RUNNING 0.25")]
    [InlineData("demo-deleted", 3, "HTTP 404")]
    public async Task A_lifecycle_moves_one_status_a_step_from_the_tasks_first_read(string taskId, int steps, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions { StepSeconds = Step.TotalSeconds }, time, ct);
        using var http = Client(sandbox, SandboxOptions.PublicKey);

        await StateAsync(http, taskId, ct);
        // Half-way through the step: a step begins when its time is up, not before.
        time.Advance(steps * Step + Step / 2);

        Assert.Equal(expected, await StateAsync(http, taskId, ct));
    }

    [Fact]
    public async Task Zero_seconds_a_step_ends_every_task_at_its_first_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SandboxRelay.StartAsync(new SandboxOptions { StepSeconds = 0 }, new FakeTimeProvider(Start), ct);
        using var http = Client(sandbox, SandboxOptions.PublicKey);

        Assert.Equal("SUCCEEDED", await StateAsync(http, "demo-success", ct));
        Assert.Equal("SUCCEEDED", await StateAsync(http, "demo-appears-late", ct));
        Assert.Equal("FAILED", await StateAsync(http, "demo-failure", ct));
    }

    [Theory]
    [InlineData("Bearer sandbox-key", "sandbox-key", 200, null)]
    [InlineData("Bearer sk-sandbox-team-1", "sk-sandbox-team-1", 200, null)]
    [InlineData(null, null, 401, "Missing API key")]
    [InlineData("Bearer sk-live-0123456789", "sk-live-0123456789", 401, "Invalid API key")]
    [InlineData("Bearer sk-sandboxed", "sk-sandboxed", 401, "Invalid API key")]
    [InlineData("Basic sandbox-key", null, 401, "Invalid API key")]
    public async Task Takes_its_public_key_and_sk_sandbox_keys_and_records_a_fingerprint_never_the_key(string? authorization, string? bearerKey, int expectedStatus, string? expectedMessage)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = await SandboxRelay.StartAsync(cancellationToken: ct);
        using var http = Client(sandbox, key: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/runwayml/v1/tasks/demo-instant");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        request.Headers.Add("X-Runway-Version", "2024-11-06");

        using var response = await http.SendAsync(request, ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        if (expectedMessage is null)
        {
            Assert.Equal("SUCCEEDED", body.RootElement.GetProperty("status").GetString());
        }
        else
        {
            var error = body.RootElement.GetProperty("error");
            Assert.Equal(expectedMessage, error.GetProperty("message").GetString());
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        }
        var recorded = Assert.Single(sandbox.Requests);
        Assert.Equal(("/runwayml/v1/tasks/demo-instant", "demo-instant", "2024-11-06"), (recorded.Path, recorded.TaskId, recorded.RunwayVersion));
        Assert.Equal(authorization is not null, recorded.CarriedKey);
        Assert.Equal(bearerKey is null ? null : SandboxRequest.Fingerprint(bearerKey), recorded.KeyFingerprint);
    }

    private static HttpClient Client(SandboxRelay sandbox, string? key)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = sandbox.BaseUrl,
            Timeout = CapturedLogs.Patience,
        };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return http;
    }

    /// <summary>A task's answer in a few words: its status and progress, or the HTTP status and the relay's code.</summary>
    private static async Task<string> StateAsync(HttpClient http, string taskId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/runwayml/v1/tasks/{taskId}", ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = body.RootElement;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return root.TryGetProperty("code", out var code) ? $"HTTP {(int)response.StatusCode} {code.GetString()}" : $"HTTP {(int)response.StatusCode}";
        }
        var status = root.GetProperty("status").GetString();
        return root.TryGetProperty("progress", out var progress) ? $"{status} {progress.GetDouble().ToString(CultureInfo.InvariantCulture)}" : status!;
    }

    /// <summary>One answer as a reviewer reads it: status, headers but the date, and the body (its length and start when
    /// long). A connection the sandbox resets is said in a word: what arrived before the reset (the headers, part of the
    /// body, or nothing) depends on when the reset overtakes them.</summary>
    private static async Task AppendAsync(StringBuilder text, HttpClient http, string path, CancellationToken ct, string? heading = null)
    {
        text.Append("== ").Append(heading ?? path).Append(": ");
        try
        {
            using var response = await http.GetAsync(path, ct);
            var answer = new StringBuilder().Append((int)response.StatusCode).Append('\n');
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date").OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                answer.Append(name).Append(": ").Append(string.Join(", ", values)).Append('\n');
            }
            answer.Append(Describe(await response.Content.ReadAsByteArrayAsync(ct), response.Content.Headers.ContentType?.MediaType));
            text.Append(answer).Append("\n\n");
        }
        catch (HttpRequestException)
        {
            text.Append("the connection ended before the answer did\n\n");
        }
    }

    private static string Describe(byte[] body, string? mediaType)
    {
        if (mediaType is "image/png" or "audio/wav")
        {
            return $"({body.Length} bytes of {mediaType})";
        }
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "(not UTF-8; read as Latin-1:) " + Encoding.Latin1.GetString(body);
        }
        return decoded.Length <= 1_500 ? decoded : $"({body.Length} bytes) {decoded[..200]}…";
    }
}
