using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Transports.Stdio;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Mcp.Tools;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The Streamable HTTP transport on a real Kestrel listener on 127.0.0.1, with a real MCP client.</summary>
public sealed class HttpTransportTests : IAsyncLifetime
{
    private const string Token = "test-bearer-token-0123456789";
    private SandboxRelay sandbox = null!;

    public async ValueTask InitializeAsync() => sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await sandbox.DisposeAsync();

    private Task<(WebApplication App, Uri Endpoint)> StartServerAsync(string? configuredKey = McpServerHarness.Key, bool share = false, string? token = null, CapturedLogs? logs = null) =>
        McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?>
            {
                ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
                ["Relay:ApiKey"] = configuredKey,
                ["Relay:MaxRetries"] = "0",
                ["Server:ShareConfiguredKey"] = share ? "true" : "false",
            },
            new ServerOptions { BearerToken = token, ShareConfiguredKey = share }, logs);

    private static Task<McpClient> ConnectAsync(Uri endpoint, Dictionary<string, string>? headers = null) =>
        McpHttpServerUnderTest.ConnectAsync(endpoint, headers);

    // A call still unanswered after CapturedLogs.Patience fails the test instead of holding the run.
    private static async Task<CallToolResult> GetAsync(McpClient client, string taskId) =>
        await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = taskId }, cancellationToken: TestContext.Current.CancellationToken)
            .AsTask().WaitAsync(CapturedLogs.Patience, TestContext.Current.CancellationToken);

    private static async Task<string> CallGetAsync(McpClient client, string taskId)
    {
        var result = await GetAsync(client, taskId);
        return result.IsError == true ? result.ErrorKind() : result.Structured().GetProperty("status").GetString()!;
    }

    [Theory]
    [InlineData("X-Relay-Key")]
    // Claude's connectors send request headers from a list of names of their own, which has X-API-Key, not X-Relay-Key.
    [InlineData("X-API-Key")]
    public async Task A_caller_brings_its_own_relay_key_per_request(string header)
    {
        var (app, endpoint) = await StartServerAsync(configuredKey: null);
        await using var _ = app;
        await using var client = await ConnectAsync(endpoint, new() { [header] = "sk-sandbox-caller-1" });

        Assert.Equal("SUCCEEDED", await CallGetAsync(client, "demo-instant"));
        Assert.Equal(SandboxRequest.Fingerprint("sk-sandbox-caller-1"), Assert.Single(sandbox.Requests).KeyFingerprint);
    }

    [Fact]
    public async Task A_key_of_the_longest_length_a_relay_key_may_have_is_sent_on()
    {
        var (app, endpoint) = await StartServerAsync(configuredKey: null);
        await using var _ = app;
        var longest = "sk-sandbox-" + new string('k', 512 - "sk-sandbox-".Length);
        await using var client = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = longest });

        Assert.Equal("SUCCEEDED", await CallGetAsync(client, "demo-instant"));
        Assert.Equal(SandboxRequest.Fingerprint(longest), Assert.Single(sandbox.Requests).KeyFingerprint);
    }

    [Fact]
    public async Task Without_sign_in_the_per_caller_wait_cap_counts_each_relay_key_apart_though_they_share_an_address()
    {
        // Two people on one machine (one address), each with their own relay key.
        var ct = TestContext.Current.CancellationToken;
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Wait:MaxConcurrentWaitsPerCaller"] = "1",
        });
        await using var _ = app;
        await using var first = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = "sk-sandbox-first" });
        await using var firstAgain = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = "sk-sandbox-first" });
        await using var second = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = "sk-sandbox-second" });
        await using var holding = await HeldWait.StartAsync(first, ct);

        var seconds = await second.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant", ["timeout_seconds"] = 30 }, cancellationToken: ct);
        var firstsSecond = await firstAgain.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant", ["timeout_seconds"] = 30 }, cancellationToken: ct);

        Assert.Equal("SUCCEEDED", seconds.Structured().GetProperty("status").GetString());
        Assert.Equal("too_many_waits", firstsSecond.ErrorKind());
    }

    [Fact]
    public async Task Different_keys_in_X_Relay_Key_and_X_API_Key_are_refused_before_calling_the_relay()
    {
        var (app, endpoint) = await StartServerAsync(configuredKey: null);
        await using var _ = app;
        await using var agreeing = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = "sk-sandbox-same-one", ["X-API-Key"] = "sk-sandbox-same-one" });
        await using var differing = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = "sk-sandbox-kkkkkkkk", ["X-API-Key"] = "sk-sandbox-jjjjjjjj" });

        Assert.Equal("SUCCEEDED", await CallGetAsync(agreeing, "demo-instant"));
        var refused = await GetAsync(differing, "demo-instant");

        Assert.Equal("invalid_key", refused.ErrorKind());
        Assert.Contains("The X-Relay-Key and X-API-Key headers hold different keys", refused.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("kkkkkkkk", refused.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("jjjjjjjj", refused.Text(), StringComparison.Ordinal);
        Assert.Single(sandbox.Requests);
    }

    [Fact]
    public async Task Stateless_requests_do_not_rewrite_the_tool_schemas_again()
    {
        // Stateless HTTP builds the server's options for every request, around the same tools: the schema rewrite
        // must not run again each time (a walk of both schemas on every call, and changes to definitions in use).
        var (app, endpoint) = await StartServerAsync(share: true);
        await using var _ = app;
        var schemas = app.Services.GetRequiredService<PortableToolSchemas>();
        await using var client = await ConnectAsync(endpoint);

        for (var call = 0; call < 3; call++)
        {
            Assert.Equal("SUCCEEDED", await CallGetAsync(client, "demo-instant"));
        }
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(tools.Count, schemas.Rewrites);
        var timeout = tools.Single(t => t.Name == WaitForVideoTaskTool.Name).ProtocolTool.InputSchema.GetProperty("properties").GetProperty("timeout_seconds");
        Assert.Equal("integer", timeout.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_task_resource_is_read_with_the_callers_relay_key_as_the_tools_are()
    {
        var (app, endpoint) = await StartServerAsync(configuredKey: null);
        await using var _ = app;
        await using var withKey = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = "sk-sandbox-caller-1" });
        await using var withoutKey = await ConnectAsync(endpoint);

        var read = await withKey.ReadResourceAsync("runway://tasks/demo-instant", cancellationToken: TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => withoutKey.ReadResourceAsync("runway://tasks/demo-instant", cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("\"status\":\"SUCCEEDED\"", Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text, StringComparison.Ordinal);
        Assert.True(Assert.Single(sandbox.Requests).CarriedKey);
        Assert.Contains("[missing_key]", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_caller_key_the_configured_key_is_not_lent_unless_allowed()
    {
        var (app, endpoint) = await StartServerAsync(share: false);
        await using var _ = app;
        await using var client = await ConnectAsync(endpoint);

        Assert.Equal("missing_key", await CallGetAsync(client, "demo-instant"));
        Assert.Empty(sandbox.Requests);
    }

    [Fact]
    public async Task Lending_a_key_that_is_not_configured_stops_the_start()
    {
        // As when the secret file holding it is not mounted: every caller without X-Relay-Key would be told missing_key.
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartServerAsync(configuredKey: null, share: true));

        Assert.Contains("Server:ShareConfiguredKey is true, but Relay:ApiKey is not set: set the key to lend to callers without X-Relay-Key", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_key_sent_as_Authorization_is_not_used_and_the_answer_says_where_it_goes()
    {
        // Hosts' header settings often start from Authorization; this server reads the relay key from X-Relay-Key or X-API-Key only.
        var (app, endpoint) = await StartServerAsync(share: false);
        await using var _ = app;
        await using var client = await ConnectAsync(endpoint, new() { ["Authorization"] = "Bearer sk-sandbox-sent-as-authorization" });

        var result = await GetAsync(client, "demo-instant");

        Assert.Equal("missing_key", result.ErrorKind());
        Assert.Contains("X-Relay-Key header", result.Text(), StringComparison.Ordinal);
        Assert.Contains("The Authorization header is not read as a relay key", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-sandbox-sent-as-authorization", result.Text(), StringComparison.Ordinal);
        Assert.Empty(sandbox.Requests);
    }

    [Fact]
    public async Task A_wait_sends_progress_notifications_on_the_calls_own_stream()
    {
        // Stateless Streamable HTTP has no stream but the POST's own: a host that asked for progress gets it there.
        var (app, endpoint) = await StartServerAsync(share: true);
        await using var _ = app;
        await using var client = await ConnectAsync(endpoint);
        var firstProgress = new TaskCompletionSource<ProgressNotificationValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var call = client.CallToolAsync("wait_for_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-success-progress" },
            new Progress<ProgressNotificationValue>(value => firstProgress.TrySetResult(value)), cancellationToken: stop.Token).AsTask();
        var first = await firstProgress.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var answeredMeanwhile = call.IsCompleted;
        await stop.CancelAsync();

        Assert.Equal("PENDING: queued", first.Message);
        Assert.False(answeredMeanwhile, "the wait answered before the task ended");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task The_configured_key_is_used_when_the_operator_allows_sharing()
    {
        var (app, endpoint) = await StartServerAsync(share: true);
        await using var _ = app;
        await using var client = await ConnectAsync(endpoint);

        Assert.Equal("SUCCEEDED", await CallGetAsync(client, "demo-instant"));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer wrong-token-0123456789", HttpStatusCode.Unauthorized)]
    [InlineData("Basic " + Token, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer " + Token + "x", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer " + Token, HttpStatusCode.OK)]
    [InlineData("bearer " + Token, HttpStatusCode.OK)]
    [InlineData("BEARER  " + Token, HttpStatusCode.OK)]
    public async Task A_bearer_token_is_required_when_configured(string? authorization, HttpStatusCode expected)
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await StartServerAsync(share: true, token: Token, logs: logs);
        await using var _ = app;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            var (code, message) = await McpHttpServerUnderTest.ReadRefusalAsync(response);
            Assert.Equal(-32001, code);
            Assert.Contains("Authorization: Bearer <token>", message, StringComparison.Ordinal);
            // One line for whoever watches for abuse, saying which refusal it was and never what was sent.
            var reason = authorization is null ? "no bearer token" : "wrong bearer token";
            await logs.WaitForAsync(line => line.EndsWith($"Refused POST /mcp from 127.0.0.1: 401, {reason}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            Assert.DoesNotContain(logs.Lines, line => line.Contains("0123456789", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Host", "mcp.example.com")]
    [InlineData("Host", "MCP.Example.com")]
    [InlineData("Host", "[::1]:3001")]
    [InlineData("Origin", "https://app.example.com")]
    // Scheme and host are not case-sensitive (RFC 6454 §4); a listed origin may end in a slash.
    [InlineData("Origin", "HTTPS://APP.EXAMPLE.COM")]
    [InlineData("Origin", "https://chat.example.org")]
    [InlineData("Origin", "http://[::1]:6274")]
    public async Task A_listed_host_or_origin_is_let_in(string header, string value)
    {
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Server:AllowedHosts:0"] = "mcp.example.com",
            ["Server:AllowedOrigins:0"] = "https://app.example.com",
            ["Server:AllowedOrigins:1"] = "https://chat.example.org/",
        });
        await using var _ = app;
        using var http = new HttpClient();
        using var request = Post(endpoint, """{"jsonrpc":"2.0","id":1,"method":"ping"}""");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // ASP.NET Core's own URLs listen on every address with + or * (http://+:8080 in container images).
    [Theory]
    [InlineData("http://+:8080", null)]
    [InlineData("http://*:8080", null)]
    [InlineData("http://0.0.0.0:3001;http://[::]:3001", null)]
    [InlineData("http://+", null)]
    [InlineData("+:8080", "Server:Urls has '+:8080', which is not an http URL")]
    [InlineData("https://+:8443", "Server:Urls has 'https://+:8443': this server does not serve TLS itself")]
    public void Kestrels_hosts_for_every_address_are_urls_it_listens_on(string urls, string? problem)
    {
        var server = new ServerOptions { Transport = McpTransport.Http, Urls = urls };

        var problems = server.Validate();

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("AllowedHosts", "https://mcp.example.com", "Server:AllowedHosts has 'https://mcp.example.com', which is not a host name")]
    [InlineData("AllowedHosts", "mcp.example.com:443", "Server:AllowedHosts has 'mcp.example.com:443', which is not a host name")]
    [InlineData("AllowedHosts", "*.example.com", "Server:AllowedHosts has '*.example.com', which is not a host name")]
    [InlineData("AllowedOrigins", "app.example.com", "Server:AllowedOrigins has 'app.example.com', which is not an origin")]
    [InlineData("AllowedOrigins", "https://app.example.com/chat", "Server:AllowedOrigins has 'https://app.example.com/chat', which is not an origin")]
    [InlineData("AllowedHosts", "mcp.example.com", null)]
    [InlineData("AllowedHosts", "10.0.0.5", null)]
    [InlineData("AllowedOrigins", "https://app.example.com/", null)]
    [InlineData("AllowedOrigins", "http://localhost:6274", null)]
    public void A_listed_host_or_origin_that_could_never_match_is_named_at_start(string list, string value, string? problem)
    {
        var server = new ServerOptions { Transport = McpTransport.Http };
        (list == "AllowedHosts" ? server.AllowedHosts : server.AllowedOrigins).Add(value);

        var problems = server.Validate();

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("http://localhost:6274", true)]
    [InlineData("http://evil.example", false)]
    public async Task A_browser_preflight_is_answered_for_allowed_origins_only(string origin, bool allowed)
    {
        var (app, endpoint, response) = await PreflightAsync(origin, "POST", "content-type,mcp-protocol-version,authorization,x-relay-key");
        await using var _ = app;
        using var __ = response;

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(allowed ? origin : null, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var echoed) ? echoed.Single() : null);
        if (allowed)
        {
            Assert.Contains("x-relay-key", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
            using var http = new HttpClient();
            using var call = Post(endpoint, """{"jsonrpc":"2.0","id":1,"method":"ping"}""");
            call.Headers.Add("Origin", origin);
            using var answered = await http.SendAsync(call, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            // A browser may read the OAuth challenge, which starts the sign-in.
            Assert.Contains("WWW-Authenticate", answered.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        }
    }

    // A browser goes on with the request only when the answer lists its method: POST for calls, GET for the protected
    // resource metadata (asked first, for the MCP-Protocol-Version header it carries), DELETE for ending a session.
    [Theory]
    [InlineData("POST", true)]
    [InlineData("GET", true)]
    [InlineData("DELETE", true)]
    [InlineData("PUT", false)]
    [InlineData("PATCH", false)]
    public async Task A_browser_preflight_lists_the_methods_an_mcp_client_uses_and_no_other(string method, bool listed)
    {
        var (app, _, response) = await PreflightAsync("https://app.example.com", method, "mcp-protocol-version");
        await using var _ = app;
        using var __ = response;

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var methods = response.Headers.GetValues("Access-Control-Allow-Methods").SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries));
        Assert.Equal(listed, methods.Contains(method));
    }

    /// <summary>The server, https://app.example.com listed in Server:AllowedOrigins, and a browser's preflight to it from
    /// <paramref name="origin"/> for <paramref name="method"/> with <paramref name="headers"/>, answered.</summary>
    private async Task<(WebApplication App, Uri Endpoint, HttpResponseMessage Answer)> PreflightAsync(string origin, string method, string headers)
    {
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["Server:AllowedOrigins:0"] = "https://app.example.com",
        });
        try
        {
            using var http = new HttpClient { Timeout = CapturedLogs.Patience };
            using var preflight = new HttpRequestMessage(HttpMethod.Options, endpoint);
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", method);
            preflight.Headers.Add("Access-Control-Request-Headers", headers);
            return (app, endpoint, await http.SendAsync(preflight, TestContext.Current.CancellationToken));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Cancelling_a_wait_over_http_stops_its_polling_and_writes_nothing_more_for_it()
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?> { ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri, ["Relay:MaxRetries"] = "0" }, logs: logs);
        await using var _ = app;
        using var http = new HttpClient();
        // Every read below is bounded: a regression fails in seconds instead of hanging.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(CapturedLogs.Patience);
        var ct = patience.Token;

        using var call = Post(endpoint, """{"jsonrpc":"2.0","id":"wait-1","method":"tools/call","params":{"name":"wait_for_video_task","arguments":{"task_id":"demo-never-ends","timeout_seconds":600},"_meta":{"progressToken":"p1"}}}""");
        using var response = await http.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, ct);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        // The first progress notification follows the first poll: the wait is under way.
        while (await events.ReadLineAsync(ct) is { } line && !line.Contains("notifications/progress", StringComparison.Ordinal))
        {
        }

        using var cancel = Post(endpoint, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"wait-1","reason":"the user changed their mind"}}""");
        using var accepted = await http.SendAsync(cancel, ct);
        Assert.True(accepted.IsSuccessStatusCode, accepted.StatusCode.ToString());

        var rest = new StringBuilder();
        try
        {
            while (await events.ReadLineAsync(ct) is { } line)
            {
                rest.AppendLine(line);
            }
        }
        catch (IOException)
        {
            // The call's own request was aborted: that is how the stream ends.
        }
        await logs.WaitForAsync(line => line.Contains("wait_for_video_task demo-never-ends stopped", StringComparison.Ordinal), ct);

        Assert.DoesNotContain("\"result\"", rest.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Requests.Count(r => r.TaskId == "demo-never-ends"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_one_warning_line_without_a_stack_trace()
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?> { ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri }, new ServerOptions { MaxRequestBodyBytes = 4096 }, logs);
        await using var _ = app;
        using var http = new HttpClient();

        using var response = await http.SendAsync(Post(endpoint, """{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"PAD"}}""".Replace("PAD", new string('x', 10_000), StringComparison.Ordinal)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("(Server:MaxRequestBodyBytes)", (await McpHttpServerUnderTest.ReadRefusalAsync(response)).Message, StringComparison.Ordinal);
        await logs.WaitForAsync(line => line.Contains("Refused POST /mcp from 127.0.0.1: 413", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Exception", StringComparison.Ordinal) || line.Contains("   at ", StringComparison.Ordinal));
    }

    // Relays document the whole header, "Authorization: Bearer sk-…", which is easily copied as the key.
    [Theory]
    [InlineData("longer than any key", "is longer than 512 characters")]
    [InlineData("Bearer in front", "must be the key alone, without \"Bearer \" in front")]
    // A host's header setting copied from VS Code's, whose ${input:…} this host does not expand.
    [InlineData("an input reference", "is a reference to a variable or input (such as ${input:…} or $NAME) that was passed as written")]
    public async Task An_unusable_caller_key_is_refused_with_one_warning_line_that_never_holds_it(string unusableHow, string said)
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?> { ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri }, logs: logs);
        await using var _ = app;
        var unusable = unusableHow switch
        {
            "Bearer in front" => "Bearer sk-sandbox-kkkkkkkk",
            "an input reference" => "${input:kkkkkkkk}",
            _ => "sk-sandbox-" + new string('k', 600),
        };
        await using var client = await ConnectAsync(endpoint, new() { ["X-Relay-Key"] = unusable });

        var result = await GetAsync(client, "demo-instant");
        Assert.Equal("invalid_key", result.ErrorKind());
        Assert.Contains(said, result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("kkkkkkkk", result.Text(), StringComparison.Ordinal);
        await logs.WaitForAsync(line => line.Contains("get_video_task refused before calling the relay: invalid_key", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("kkkkkkkk", StringComparison.Ordinal));
        Assert.Empty(sandbox.Requests);
    }

    private static HttpRequestMessage Post(Uri endpoint, string json) =>
        McpHttpServerUnderTest.PostRequest(endpoint, json, new() { ["MCP-Protocol-Version"] = "2025-06-18", ["X-Relay-Key"] = "sk-sandbox-cancel-test" });

    [Fact]
    public async Task A_client_with_the_bearer_token_calls_the_tools()
    {
        var (app, endpoint) = await StartServerAsync(share: true, token: Token);
        await using var _ = app;

        await using var client = await ConnectAsync(endpoint, new() { ["Authorization"] = $"Bearer {Token}" });

        Assert.Equal("SUCCEEDED", await CallGetAsync(client, "demo-instant"));
    }

    [Theory]
    [InlineData("Host", "evil.example")]
    [InlineData("Origin", "http://evil.example")]
    // What a sandboxed iframe or a page opened from a file sends.
    [InlineData("Origin", "null")]
    public async Task Foreign_host_or_origin_is_refused(string header, string value)
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await StartServerAsync(share: true, logs: logs);
        await using var _ = app;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (code, message) = await McpHttpServerUnderTest.ReadRefusalAsync(response);
        Assert.Equal(-32000, code);
        Assert.Contains($"Server:Allowed{header}s", message, StringComparison.Ordinal);
        await logs.WaitForAsync(line => line.EndsWith($"Refused POST /mcp from 127.0.0.1: 403, {header} not allowed", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_refusal_stays_valid_json_whatever_its_message_holds()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await RefusedCallAnswer.WriteAsync(context, 403, -32001, "scope \"a\\b\" <x> …\n");

        var raw = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        using var body = System.Text.Json.JsonDocument.Parse(raw);
        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal("scope \"a\\b\" <x> …\n", body.RootElement.GetProperty("error").GetProperty("message").GetString());
        // Read by people too (curl, a browser's network panel): what JSON does not require escaped stays as written.
        Assert.Contains("<x> …", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::ffff:10.1.2.3", "from 10.1.2.3:")]
    [InlineData("2001:db8::7", "from 2001:db8::7:")]
    [InlineData(null, "from an unknown address:")]
    public void A_refusal_log_names_the_caller_as_people_write_addresses(string? address, string named)
    {
        // A server listening on every address of both families (http://[::]:3001) sees IPv4 callers in IPv6's clothes.
        using var logs = new CapturedLogs();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/mcp";
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);

        RefusedCallLog.Refused(logs.CreateLogger("test"), context, 403, "Host not allowed");

        Assert.Equal([$"Warning test: Refused POST /mcp {named} 403, Host not allowed"], logs.Lines);
    }

    [Fact]
    public async Task Loopback_origins_are_allowed()
    {
        var (app, endpoint) = await StartServerAsync(share: true);
        await using var _ = app;
        await using var client = await ConnectAsync(endpoint, new() { ["Origin"] = "http://localhost:6274" });

        Assert.Equal("SUCCEEDED", await CallGetAsync(client, "demo-instant"));
    }

    [Fact]
    public async Task An_oversized_request_is_refused_and_the_server_keeps_serving()
    {
        var (app, endpoint) = await StartServerAsync(share: true);
        await using var _ = app;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":""" + "\"" + new string('x', 1024 * 1024) + "\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        // The server answers 413 from the headers and closes the connection; without 100-continue the client could
        // still be writing the megabyte and see a reset instead of the answer.
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await using var client = await ConnectAsync(endpoint);
        Assert.Equal("SUCCEEDED", await CallGetAsync(client, "demo-instant"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task A_method_other_than_post_on_the_endpoint_is_405_saying_to_post(string method)
    {
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;
        using var http = new HttpClient();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), endpoint), TestContext.Current.CancellationToken);

        // 405 is what MCP clients expect of a server without a GET event stream; the words are for people.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        var (code, message) = await McpHttpServerUnderTest.ReadRefusalAsync(response);
        Assert.Equal(-32600, code);
        Assert.StartsWith($"{method} is not served here", message, StringComparison.Ordinal);
        Assert.Contains("answers POST only", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "'text/plain; charset=utf-8'")]
    [InlineData("application/x-www-form-urlencoded", "'application/x-www-form-urlencoded; charset=utf-8'")]
    // Its first 80 characters: a header can be kilobytes long, and this message is also read by people.
    [InlineData("application/vnd.a-media-type-name-that-goes-on-and-on-far-past-what-a-log-line-should-carry", "'application/vnd.a-media-type-name-that-goes-on-and-on-far-past-what-a-log-line-s' is not")]
    public async Task A_body_that_is_not_declared_json_is_415_naming_the_media_type_to_send(string mediaType, string named)
    {
        var logs = new CapturedLogs();
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(
            new Dictionary<string, string?> { ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri }, logs: logs);
        await using var _ = app;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, mediaType) };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var (code, message) = await McpHttpServerUnderTest.ReadRefusalAsync(response);
        Assert.Equal(-32600, code);
        Assert.Contains($"Content-Type {named}", message, StringComparison.Ordinal);
        Assert.EndsWith("in a POST with Content-Type: application/json.", message, StringComparison.Ordinal);
        await logs.WaitForAsync(line => line.Contains("Refused POST /mcp from 127.0.0.1: 415, Content-Type not application/json", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("GET", "/", "404 nothing is served at /.")]
    [InlineData("GET", "/favicon.ico", "404 nothing is served at /favicon.ico.")]
    [InlineData("POST", "/tools/call", "404 nothing is served at /tools/call.")]
    public async Task Another_path_says_where_mcp_and_health_are(string method, string path, string said)
    {
        var (app, endpoint) = await StartServerAsync();
        await using var _ = app;
        using var http = new HttpClient();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(endpoint, path)), TestContext.Current.CancellationToken);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith(said, text, StringComparison.Ordinal);
        Assert.Contains("MCP (Streamable HTTP) at POST /mcp, health at GET /healthz and /readyz.", text, StringComparison.Ordinal);
    }

    // The deployment samples resend a call that got no answer at all (haproxy.cfg, nginx.conf): whether a wait held by a
    // killed instance moves elsewhere depends on when its answer begins, as Deployment/README.md says.
    [Theory]
    [InlineData("2025-11-25", true)]
    [InlineData("2026-07-28", false)]
    public async Task An_answer_begins_at_once_on_2025_11_25_and_only_with_the_result_on_2026_07_28(string revision, bool beginsAtOnce)
    {
        var ct = TestContext.Current.CancellationToken;
        // The relay holds its answer to fault-slow on this clock until the test moves it.
        var time = new ObservableFakeTime(DateTimeOffset.UtcNow);
        await using var relay = await SandboxRelay.StartAsync(new SandboxOptions { SlowSeconds = 30 }, time, ct);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        relay.RequestReceived += request => { if (request.TaskId == "fault-slow") held.TrySetResult(); };
        var (app, endpoint) = await McpHttpServerUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = relay.BaseUrl.AbsoluteUri,
            ["Relay:ApiKey"] = SandboxOptions.PublicKey,
            ["Server:ShareConfiguredKey"] = "true",
        }, new ServerOptions { ShareConfiguredKey = true });
        await using var _ = app;
        using var call = await RawHttpCall.SendAsync(endpoint, revision, "get_video_task", """ "arguments": {"task_id": "fault-slow"}""", ct);

        await held.Task.WaitAsync(CapturedLogs.Patience, ct);
        await time.NextTimerAsync(ct);
        // The relay is holding the read: what has the caller been sent by now?
        var early = "";
        if (beginsAtOnce)
        {
            early = await call.ReadUntilAsync("\r\n\r\n", ct);
            Assert.StartsWith("HTTP/1.1 200", early, StringComparison.Ordinal);
            Assert.DoesNotContain("SUCCEEDED", early, StringComparison.Ordinal);
        }
        else
        {
            // An answer begun at once is on the socket before the tool even asks the relay; here none may be.
            Assert.Equal(0, call.Available);
        }
        time.Advance(TimeSpan.FromSeconds(30));
        var answer = early + await call.ReadUntilAsync("SUCCEEDED", ct);

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
    }
}
