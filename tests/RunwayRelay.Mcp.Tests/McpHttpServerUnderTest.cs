using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using Microsoft.Extensions.Configuration;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The Streamable HTTP server as the product builds it, on a real listener on a free 127.0.0.1 port.</summary>
internal static class McpHttpServerUnderTest
{
    /// <summary>Builds and starts the server; logs go to <paramref name="logs"/>, or nowhere; <paramref name="time"/>, when
    /// given, is the server's clock.</summary>
    public static async Task<(WebApplication App, Uri Endpoint)> StartAsync(Dictionary<string, string?> overrides, ServerOptions? server = null, CapturedLogs? logs = null, TimeProvider? time = null)
    {
        server ??= new ServerOptions();
        // The server's settings as an operator would write them: these, then the overrides.
        var settings = new Dictionary<string, string?>
        {
            ["Server:Transport"] = "Http",
            ["Server:Urls"] = "http://127.0.0.1:0",
            ["Server:Path"] = server.Path,
            ["Server:BearerToken"] = server.BearerToken,
            ["Server:ShareConfiguredKey"] = server.ShareConfiguredKey ? "true" : "false",
            ["Server:MaxRequestBodyBytes"] = server.MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        var app = RelayMcpHttpApp.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), services =>
        {
            services.AddLogging(l =>
            {
                l.ClearProviders();
                if (logs is not null)
                {
                    l.AddProvider(logs);
                }
            });
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(new Uri(address), server.Path));
    }

    /// <summary>The server against a sandbox of its own, lending its configured key to callers that bring none: what
    /// tests of the requests themselves need. Dispose the app, then the sandbox.</summary>
    /// <param name="asWithSandboxFlag">Configured as <c>--sandbox</c> configures it, which adds what only the sandbox has
    /// (completion of its task ids).</param>
    public static async Task<(SandboxRelay Sandbox, WebApplication App, Uri Endpoint)> StartWithSandboxAsync(CapturedLogs logs, bool asWithSandboxFlag = false)
    {
        var sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var (app, endpoint) = await StartAsync(
            new Dictionary<string, string?>
            {
                ["Relay:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
                ["Relay:ApiKey"] = McpServerHarness.Key,
                ["Sandbox:Enabled"] = asWithSandboxFlag ? "true" : null,
            },
            new() { ShareConfiguredKey = true },
            logs);
        return (sandbox, app, endpoint);
    }

    /// <summary>A real MCP client over Streamable HTTP, with extra request headers.</summary>
    public static Task<McpClient> ConnectAsync(Uri endpoint, Dictionary<string, string>? headers = null) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = headers }),
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The MCP C# SDK's client signing its user in as a host does (the MCP authorization spec), with a client
    /// registered by hand; its "browser" follows the authorization URL to the issuer and takes the code from the
    /// redirect, as a user's sign-in would end.</summary>
    public static Task<McpClient> SignInAndConnectAsync(Uri endpoint) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["X-Relay-Key"] = "sk-sandbox-agent-7" },
                OAuth = new ClientOAuthOptions
                {
                    ClientId = "host-registered-by-hand",
                    RedirectUri = new Uri("http://127.0.0.1/callback"),
                    AuthorizationCallbackHandler = async (signIn, cancellationToken) =>
                    {
                        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
                        using var answer = await browser.GetAsync(signIn.AuthorizationUri, cancellationToken);
                        var redirect = (answer.Headers.Location?.Query.TrimStart('?').Split('&') ?? [])
                            .Select(part => part.Split('=', 2)).ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair[^1]));
                        // The issuer's iss is returned when it sends one, so that the SDK checks it (RFC 9207).
                        return new AuthorizationResult { Code = redirect.GetValueOrDefault("code"), State = redirect.GetValueOrDefault("state"), Iss = redirect.GetValueOrDefault("iss") };
                    },
                },
            }),
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Signs in as <see cref="SignInAndConnectAsync"/> does, reads <c>demo-instant</c> with <c>get_video_task</c>
    /// and returns the status it got, once the call was not an error.</summary>
    public static async Task<string> SignInAndReadStatusAsync(Uri endpoint)
    {
        await using var client = await SignInAndConnectAsync(endpoint);
        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(true, result.IsError);
        return result.Structured().GetProperty("status").GetString()!;
    }

    /// <summary>One <c>get_video_task</c> call as a bare POST with these headers, for what an MCP client does not show:
    /// the status code and headers of a call refused before MCP saw it.</summary>
    public static Task<HttpResponseMessage> PostGetVideoTaskAsync(Uri endpoint, Dictionary<string, string> headers) =>
        PostAsync(endpoint, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}}""", headers);

    /// <summary>A JSON-RPC message as a bare POST, for what an MCP client would not send.</summary>
    public static async Task<HttpResponseMessage> PostAsync(Uri endpoint, string message, Dictionary<string, string> headers)
    {
        using var http = new HttpClient();
        using var request = PostRequest(endpoint, message, headers);
        // The body is read into memory before this returns, so the response outlives the client.
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The bare POST of a JSON-RPC message as an MCP client sends it (JSON, accepting JSON or an event stream),
    /// with these headers, for a test to send as it needs (streamed, from another address).</summary>
    public static HttpRequestMessage PostRequest(Uri endpoint, string message, Dictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(message, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>The JSON-RPC error of a call refused before MCP saw it: its code and message.</summary>
    public static async Task<(int Code, string Message)> ReadRefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("2.0", body.RootElement.GetProperty("jsonrpc").GetString());
        var error = body.RootElement.GetProperty("error");
        return (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()!);
    }

    /// <summary>The JSON-RPC answer to a bare POST, whether it came as JSON or as one server-sent event.</summary>
    public static async Task<System.Text.Json.JsonElement> ReadAnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? Assert.Single(body.Split('\n'), line => line.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]
            : body;
        using var answer = System.Text.Json.JsonDocument.Parse(json);
        return answer.RootElement.Clone();
    }

    /// <summary><c>--check</c> of the HTTP server these settings build, built as the product builds it and not started:
    /// its exit code and what it said.</summary>
    public static async Task<(int Exit, string Said)> CheckAsync(Dictionary<string, string?> settings)
    {
        await using var app = RelayMcpHttpApp.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var output = new StringWriter();
        var exit = await Hosting.CheckCommand.RunAsync(app.Services, output, TestContext.Current.CancellationToken);
        return (exit, output.ToString());
    }
}
