using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>What a load balancer and an orchestrator see: health endpoints outside the MCP path and its guards, and a
/// shutdown that finishes the reads in flight and tells waits to call again.</summary>
public sealed class HealthAndShutdownTests : IAsyncLifetime
{
    private SandboxRelay sandbox = null!;

    public async ValueTask InitializeAsync() =>
        sandbox = await SandboxRelay.StartAsync(new SandboxOptions { SlowSeconds = 2 }, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await sandbox.DisposeAsync();

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_answers_without_credentials_for_any_host_and_never_calls_the_relay(string path)
    {
        // A shared token is required on /mcp, and the Host below is not an allowed one: health is answered anyway.
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Server:BearerToken"] = "shared-token-0123456789",
        });
        await using var _ = app;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, path));
        request.Headers.Host = "10.0.0.7";

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(sandbox.Requests);
        using var mcp = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent("{}") };
        using var guarded = await http.SendAsync(mcp, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, guarded.StatusCode);
    }

    [Fact]
    public async Task Readiness_follows_the_servers_life_from_start_to_stop()
    {
        var lifetime = new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance);
        var check = new ServingHealthCheck(lifetime);
        async Task<string> Status() => (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Description!;

        var before = await Status();
        lifetime.NotifyStarted();
        var serving = await Status();
        lifetime.StopApplication();
        var stopping = await Status();

        Assert.Equal(["starting", "serving", "stopping"], [before, serving, stopping]);
    }

    [Fact]
    public async Task Stopping_finishes_reads_in_flight_and_tells_waits_to_call_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Relay:ApiKey"] = SandboxOptions.PublicKey,
            ["Server:ShareConfiguredKey"] = "true",
            ["Server:ShutdownTimeout"] = "00:00:20",
        });
        await using var _ = app;
        await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint);
        var slowArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waitPolled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sandbox.RequestReceived += request => (request.TaskId == "fault-slow" ? slowArrived : request.TaskId == "demo-never-ends" ? waitPolled : null)?.TrySetResult();

        var read = client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "fault-slow" }, cancellationToken: ct).AsTask();
        var wait = client.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-never-ends", ["timeout_seconds"] = 600 }, cancellationToken: ct).AsTask();
        await Task.WhenAll(slowArrived.Task, waitPolled.Task).WaitAsync(CapturedLogs.Patience, ct);
        var stopped = app.StopAsync(ct);

        var waited = await wait.WaitAsync(CapturedLogs.Patience, ct);
        var finished = await read.WaitAsync(CapturedLogs.Patience, ct);
        await stopped.WaitAsync(TimeSpan.FromSeconds(20) + CapturedLogs.Patience, ct);

        Assert.Equal("server_stopping", waited.ErrorKind());
        Assert.Contains("Call wait_for_video_task again", waited.Text(), StringComparison.Ordinal);
        Assert.NotEqual(true, finished.IsError);
        Assert.Equal("SUCCEEDED", finished.Structured().GetProperty("status").GetString());
        Assert.True(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.IsCancellationRequested);
    }
}
