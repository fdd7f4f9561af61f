using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The built server as a host starts it: a separate process over stdio, with a real MCP client.</summary>
public sealed class ServerProcessTests
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "RunwayRelay.Mcp.dll");

    [Fact]
    public async Task Over_stdio_with_the_sandbox_the_tool_answers_and_stdout_carries_only_protocol()
    {
        var stderr = new List<string>();
        await using var client = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "runway-relay",
                Command = "dotnet",
                Arguments = [ServerDll, "--sandbox"],
                StandardErrorLines = line => { lock (stderr) { stderr.Add(line); } },
            }),
            cancellationToken: TestContext.Current.CancellationToken);

        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);

        // Any stray stdout line would have broken the JSON-RPC stream before this answer.
        Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
        Assert.Equal("runway-relay", client.ServerInfo!.Name);
        lock (stderr)
        {
            Assert.Contains(stderr, line => line.Contains("embedded sandbox relay", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Settings_in_the_working_directory_are_neither_read_nor_watched()
    {
        // Hosts start servers from anywhere, often / or the user's home: a settings watcher there walks the whole
        // tree before the first request is read (seconds from /), and a stray appsettings.json must not apply.
        var directory = Directory.CreateTempSubdirectory("relay-mcp-cwd-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"), """{"Logging":{"LogLevel":{"Default":"None"}}}""");
            await using var server = ServerProcess.StartIn(directory.FullName, "--sandbox");

            await server.InitializeAsync();

            Assert.True(await server.WaitForStderrAsync("embedded sandbox relay", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            if (OperatingSystem.IsLinux())
            {
                var watchers = Directory.GetFiles($"/proc/{server.Process.Id}/fd")
                    .Select(fd => new FileInfo(fd).LinkTarget)
                    .Count(target => target is not null && target.Contains("inotify", StringComparison.Ordinal));
                Assert.Equal(0, watchers);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tool_call_logs_one_line_unless_library_logs_are_asked_for(bool askForLibraryLogs)
    {
        string[] args = askForLibraryLogs ? ["--sandbox", "--Logging:LogLevel:System.Net.Http.HttpClient=Information"] : ["--sandbox"];
        await using var server = ServerProcess.Start(args);
        await server.InitializeAsync();

        await server.WriteLineAsync("""{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}}""");

        Assert.NotNull(server.WaitForLine("\"id\":\"call\"", TimeSpan.FromSeconds(30)));
        // The console logger writes in order, so once the tool's own line is in, the library lines before it are too.
        Assert.True(await server.WaitForStderrAsync("get_video_task demo-instant: SUCCEEDED", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.DoesNotContain(server.Stderr, line => line.Contains("ModelContextProtocol.Server", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Stderr, line => line.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
        Assert.Equal(askForLibraryLogs, server.Stderr.Any(line => line.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_version_goes_to_stdout_and_nothing_starts_even_without_a_relay()
    {
        var run = await RunAsync(["--version", "--http"], new() { ["Relay__BaseUrl"] = null, ["Relay__ApiKey"] = null });

        Assert.Equal(0, run.ExitCode);
        // The repository's one version, as the package and serverInfo carry it (PackagingTests keeps those equal).
        var version = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        Assert.Equal($"runway-relay-mcp {version}", run.Stdout.Trim());
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Check_tries_the_relay_says_what_it_found_on_stdout_and_exits_without_serving()
    {
        var working = await RunAsync(["--check", "--sandbox"], new() { ["Relay__BaseUrl"] = null, ["Relay__ApiKey"] = null });
        var refused = await RunAsync(["--sandbox", "--check", "--Relay:ApiKey=sk-wrong-key-for-check-31"], new() { ["Relay__BaseUrl"] = null });
        var invalid = await RunAsync(["--check"], new() { ["Relay__BaseUrl"] = null, ["Relay__ApiKey"] = null });

        Assert.Equal(0, working.ExitCode);
        Assert.Contains("OK: the relay answered HTTP 404", working.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Problem: [unauthorized]", refused.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong-key-for-check-31", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("Relay:BaseUrl is required", invalid.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(working.Stderr.Split('\n'), line => line.Contains("MCP over", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_of_a_team_server_reads_the_token_issuer_too_and_refuses_what_start_would()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(TestContext.Current.CancellationToken);
        string[] team = ["--check", "--http", "--sandbox", $"--Server:Auth:Authority={issuer.Authority}", "--Server:Auth:Audience=https://mcp.example.test/mcp"];

        var passed = await RunAsync(team, new() { ["Relay__BaseUrl"] = null, ["Relay__ApiKey"] = null });
        var unconvertible = await RunAsync([.. team, "--Wait:PollIntervalSeconds=often"], new() { ["Relay__BaseUrl"] = null, ["Relay__ApiKey"] = null });

        Assert.Equal(0, passed.ExitCode);
        Assert.Contains("OK: the relay answered HTTP 404", passed.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK: the issuer {issuer.Authority} publishes 1 signing key(s)", passed.Stdout, StringComparison.Ordinal);
        Assert.Equal("", passed.Stderr);
        // A setting outside the relay's section: validated as start validates it, nothing tried.
        Assert.Equal(2, unconvertible.ExitCode);
        Assert.Contains("Wait:PollIntervalSeconds has 'often', which is not a number", unconvertible.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Reading", unconvertible.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_in_a_secrets_file_wins_over_the_environment_and_the_command_line_over_it()
    {
        var secrets = Directory.CreateTempSubdirectory("runway-relay-secrets-");
        try
        {
            // As `echo key > file` writes it; the sandbox accepts keys that start with sk-sandbox.
            File.WriteAllText(Path.Combine(secrets.FullName, "Relay__ApiKey"), "sk-sandbox-from-a-file-41\n");
            var environment = new Dictionary<string, string?>
            {
                ["Relay__BaseUrl"] = null,
                ["Relay__ApiKey"] = "not-a-sandbox-key-from-env-42",
                ["Secrets__Directory"] = secrets.FullName,
            };

            var fileWins = await RunAsync(["--check", "--sandbox"], environment);
            var commandLineWins = await RunAsync(["--check", "--sandbox", "--Relay:ApiKey=not-a-sandbox-key-from-args-43"], environment);

            Assert.Equal(0, fileWins.ExitCode);
            Assert.Contains("the key is accepted", fileWins.Stdout, StringComparison.Ordinal);
            Assert.Equal(1, commandLineWins.ExitCode);
            Assert.Contains("Problem: [unauthorized]", commandLineWins.Stdout, StringComparison.Ordinal);
            var everything = string.Concat(fileWins.Stdout, fileWins.Stderr, commandLineWins.Stdout, commandLineWins.Stderr);
            Assert.DoesNotContain("sk-sandbox-from-a-file-41", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("not-a-sandbox-key", everything, StringComparison.Ordinal);
        }
        finally
        {
            secrets.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_relay_url_it_refuses_to_start_and_says_how_to_fix_it()
    {
        var run = await RunAsync([], new() { ["Relay__BaseUrl"] = null, ["Relay__ApiKey"] = null });

        AssertRefusedToStart(run, "Relay:BaseUrl is required (environment variable Relay__BaseUrl)", "--sandbox");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_goes_to_stdout_and_nothing_starts_even_without_a_relay(string flag)
    {
        var run = await RunAsync([flag, "--http"], new() { ["Relay__BaseUrl"] = null, ["Relay__ApiKey"] = null });

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("runway-relay-mcp: an MCP server", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--sandbox", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Relay__BaseUrl", run.Stdout, StringComparison.Ordinal);
        // Nothing started: no listener, no start-up notice, no refusal.
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Every_invalid_setting_is_reported_at_once()
    {
        var run = await RunAsync(["--Relay:BaseUrl=ftp://relay.example", "--Relay:Timeout=00:00:00", "--Relay:MaxRetries=99"], []);

        AssertRefusedToStart(run, "absolute http or https URL", "Relay:Timeout", "Relay:MaxRetries");
    }

    [Fact]
    public async Task A_misspelled_setting_is_named_with_the_other_problems_and_without_its_value()
    {
        // From the environment, the command line, and one level down (Server:Auth): each named with its section.
        var run = await RunAsync(
            ["--Relay:BaseUrl=https://relay.example", "--Relay:Timeout=00:00:00", "--Wait:PollInterval=7", "--http", "--Server:Auth:Authorty=https://login.example"],
            new() { ["Relay__ApiKee"] = "sk-NEVER-SHOWN-1234" });

        AssertRefusedToStart(run, "Relay:ApiKee is not a setting", "Wait:PollInterval is not a setting", "Server:Auth:Authorty is not a setting", "Relay:Timeout must be between");
        Assert.DoesNotContain("NEVER-SHOWN", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_setting_given_one_value_says_how_to_give_its_items()
    {
        // The binder skips a single value where a list belongs: the origin would be refused with nothing said.
        var run = await RunAsync(["--sandbox", "--http"],
            new() { ["Server__AllowedOrigins"] = "https://app.example.com", ["View__MediaOrigins"] = "https://videos.example.com" });

        AssertRefusedToStart(run, "Server:AllowedOrigins is a list: give each item an index (Server__AllowedOrigins__0, __1", "View:MediaOrigins is a list");
    }

    [Fact]
    public async Task Items_where_one_value_belongs_are_named_and_lists_and_sections_that_hold_them_start()
    {
        // The binder skips items under a setting that takes one value: the server would listen on loopback, run without
        // its key, or poll at the default, with nothing said.
        var refused = await RunWithSettingsFileAsync(
            "ItemsForOneValueTest", """{ "Server": { "Urls": ["http://127.0.0.1:3009"], "Auth": { "Audience": ["https://mcp.example/mcp"] } } }""",
            ["--sandbox", "--http", "--Wait:PollIntervalSeconds:0=7"]);

        AssertRefusedToStart(refused, "Server:Urls takes one value, but was given items (Server:Urls:0): set it without an index (Server__Urls=…",
            "Server:Auth:Audience takes one value", "Wait:PollIntervalSeconds takes one value");
        Assert.DoesNotContain("http://127.0.0.1:3009", refused.Stderr, StringComparison.Ordinal);

        // Lists, and the section on the way to one (Server:Auth holds Scopes), take items.
        await using var server = ServerProcess.Start("--sandbox", "--http", "--Server:Urls=http://127.0.0.1:0", "--Server:AllowedHosts:0=mcp.example.com",
            "--Server:AllowedOrigins:0=https://app.example.com", "--Server:TrustedProxies:0=10.0.0.5", "--View:MediaOrigins:0=https://videos.example.com",
            $"--Server:Auth:Authority=http://127.0.0.1:{UnusedLoopbackPort.Next()}/realms/agents", "--Server:Auth:Audience=https://mcp.example.com/mcp",
            "--Server:Auth:Scopes:0=runway.tasks.read", "--Server:Auth:AcceptedAudiences:0=https://mcp.example.com/other");
        Assert.True(await server.WaitForStderrAsync("MCP over Streamable HTTP", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), string.Join("\n", server.Stderr));
    }

    [Theory]
    [InlineData("Relay:MaxRetries has 'two', which is not a whole number", "--Relay:BaseUrl=https://relay.example", "--Relay:MaxRetries=two")]
    [InlineData("Relay:Timeout has 'soon', which is not a duration such as 00:00:30", "--sandbox", "--Relay:Timeout=soon")]
    // As docker run --env-file passes Relay__BaseUrl="https://…" from a .env file: quotes and all.
    [InlineData("Relay:BaseUrl is wrapped in quotes", "--Relay:BaseUrl=\"https://relay.example\"")]
    [InlineData("Relay:BaseUrl has no scheme: start it with https://", "--Relay:BaseUrl=relay.example:8080")]
    [InlineData("Sandbox:StepSeconds has 'fast', which is not a number", "--sandbox", "--Sandbox:StepSeconds=fast")]
    [InlineData("Server:Transport has 'carrier-pigeon', which is not one of Stdio, Http", "--sandbox", "--Server:Transport=carrier-pigeon")]
    [InlineData("Server:ShutdownTimeout has 'later', which is not a duration", "--sandbox", "--http", "--Server:ShutdownTimeout=later")]
    // The logging framework would throw on these while the host is built, without naming the setting.
    [InlineData("Logging:LogLevel:Default has 'Loud', which is not a log level: Trace, Debug", "--sandbox", "--Logging:LogLevel:Default=Loud")]
    [InlineData("Logging:Console:LogLevel:RunwayRelay has 'verbose', which is not a log level", "--sandbox", "--http", "--Logging:Console:LogLevel:RunwayRelay=verbose")]
    // ASP.NET Core's router would throw on it while the app is built.
    [InlineData("Server:Path has '/mcp?x', which is not a plain path", "--sandbox", "--http", "--Server:Path=/mcp?x")]
    // A number no comparison holds for.
    [InlineData("Wait:PollIntervalSeconds must be between 5 and 300", "--Relay:BaseUrl=https://relay.example", "--Wait:PollIntervalSeconds=NaN")]
    public async Task A_value_that_does_not_fit_its_settings_type_is_named_without_a_crash(string problem, params string[] args)
    {
        var run = await RunAsync(args, []);

        AssertRefusedToStart(run, problem);
    }

    [Fact]
    public async Task A_duration_given_as_a_bare_number_of_seconds_is_named_with_how_to_write_it()
    {
        // Beside Wait__DefaultTimeoutSeconds=600, Relay__Timeout=60 looks right; .NET reads it as 60 days.
        var run = await RunAsync(["--sandbox", "--http", "--Relay:Timeout=60", "--Server:ShutdownTimeout=20"], []);

        AssertRefusedToStart(run,
            "Relay:Timeout must be between 00:00:01 and 00:10:00 (hours:minutes:seconds); it was read as 60 days, as .NET reads a bare number: for 60 seconds write 00:01:00.",
            "Server:ShutdownTimeout must be between 00:00:01 and 00:10:00 (hours:minutes:seconds); it was read as 20 days, as .NET reads a bare number: for 20 seconds write 00:00:20.");
        // The total, left at its default, is not blamed for being shorter than an attempt of 60 days.
        Assert.DoesNotContain("Relay:TotalTimeout", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_given_in_the_environment_with_single_underscores_is_named_and_its_value_never_shown()
    {
        var run = await RunAsync(["--http"], new() { ["RELAY_BASE_URL"] = "https://relay.example", ["RELAY_API_KEY"] = "sk-live-spelled-456" });

        AssertRefusedToStart(run, "RELAY_API_KEY is set in the environment but not read", "Relay__ApiKey", "RELAY_BASE_URL is set in the environment but not read", "Relay__BaseUrl");
        Assert.DoesNotContain("sk-live-spelled-456", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_is_not_held_up_by_a_variable_that_only_looks_like_its_relay_settings()
    {
        // The sandbox gives the relay's address and key; these may be another program's.
        var run = await RunAsync(["--sandbox", "--check"], new() { ["RELAY_BASE_URL"] = "https://other.example", ["RELAY_API_KEY"] = "sk-other-program" });

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.DoesNotContain("RELAY_BASE_URL", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_settings_file_that_is_not_json_is_named_with_where_it_breaks()
    {
        var run = await RunWithSettingsFileAsync("BrokenJsonTest", """{ "Relay": { "MaxRetries": 3, }""", ["--sandbox"]);

        AssertRefusedToStart(run, "appsettings.BrokenJsonTest.json", "LineNumber");
    }

    [Fact]
    public async Task A_settings_file_that_is_json_but_not_an_object_is_named()
    {
        var run = await RunWithSettingsFileAsync("ArrayJsonTest", """[{ "Relay": { "MaxRetries": 3 } }]""", ["--sandbox"]);

        AssertRefusedToStart(run, "appsettings.ArrayJsonTest.json", "Top-level JSON element must be an object");
    }

    [Fact]
    public async Task A_problem_that_fails_two_options_types_is_said_once()
    {
        // Against the sandbox the view's options read the relay's, so a bad key fails both.
        var run = await RunAsync(["--sandbox", "--Relay:ApiKey= sk-sandbox-padded "], []);

        AssertRefusedToStart(run, "Relay:ApiKey must not be empty");
        Assert.Single(run.Stderr.Split('\n'), line => line.Contains("Relay:ApiKey must not be empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mistyped_flag_is_named_instead_of_ignored()
    {
        var run = await RunAsync(["--sandox"], []);

        AssertRefusedToStart(run, "Not a flag or a setting: '--sandox'");
        Assert.DoesNotContain("Relay:BaseUrl is required", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_sandbox_settings_are_listed_at_once_before_it_starts()
    {
        var run = await RunAsync(["--sandbox", "--Sandbox:Port=70000", "--Sandbox:SlowSeconds=-1"], []);

        AssertRefusedToStart(run, "Sandbox:Port must be between 0 and 65535", "Sandbox:SlowSeconds must be between 0 and 3600");
    }

    [Fact]
    public async Task A_sandbox_port_in_use_is_one_line_and_exit_2()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var run = await RunAsync(["--sandbox", $"--Sandbox:Port={port}"], []);

        AssertRefusedInOneLine(run, $"runway-relay-mcp cannot start: the sandbox cannot listen on 127.0.0.1:{port}: address already in use; choose another with --Sandbox:Port (0 picks a free one).");
    }

    [Fact]
    public async Task In_http_mode_bad_urls_and_a_path_without_slash_are_reported_together_before_anything_listens()
    {
        var run = await RunAsync(["--sandbox", "--http", "--Server:Urls=127.0.0.1:3001;https://127.0.0.1:3443", "--Server:Path=mcp"], []);

        AssertRefusedToStart(run, "Server:Urls has '127.0.0.1:3001', which is not an http URL", "Server:Urls has 'https://127.0.0.1:3443': this server does not serve TLS itself",
            "Server:Path must start with '/'");
        Assert.DoesNotContain("MCP over Streamable HTTP", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_from_the_environment_specific_settings_file_is_validated_at_start()
    {
        var run = await RunWithSettingsFileAsync(
            "StartupValidationTest", """{ "Relay": { "MaxRetries": 99 }, "Wait": { "PollIntervalSeconds": 1 } }""", ["--Relay:BaseUrl=https://relay.example"]);

        AssertRefusedToStart(run, "Relay:MaxRetries must be between 0 and 10", "Wait:PollIntervalSeconds");
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_2_without_claiming_to_serve()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var run = await RunAsync(["--sandbox", "--http", $"--Server:Urls={url}"], []);

        AssertRefusedInOneLine(run, $"runway-relay-mcp cannot start: cannot listen on {url}: address already in use; choose another with --Server:Urls.");
    }

    [Fact]
    public async Task An_address_this_machine_does_not_have_is_one_line_naming_it()
    {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine has it.
        var run = await RunAsync(["--sandbox", "--http", "--Server:Urls=http://192.0.2.1:3001"], []);

        AssertRefusedInOneLine(run, "runway-relay-mcp cannot start: cannot listen on http://192.0.2.1:3001: no such address on this machine; choose another with --Server:Urls.");
    }

    [Fact]
    public async Task Told_to_listen_on_port_0_it_names_the_port_it_was_given_in_its_start_line()
    {
        await using var server = ServerProcess.Start("--sandbox", "--http", "--Server:Urls=http://127.0.0.1:0");

        var endpoint = await server.McpEndpointAsync(TestContext.Current.CancellationToken);

        Assert.True(endpoint is not null, string.Join("\n", server.Stderr));
        Assert.NotEqual(0, endpoint.Port);
        using var http = new HttpClient { Timeout = CapturedLogs.Patience };
        using var health = await http.GetAsync(new Uri(endpoint, "/healthz"), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task In_http_mode_every_log_line_goes_to_stderr_and_stdout_stays_empty()
    {
        await using (var server = ServerProcess.Start("--sandbox", "--http", "--Server:Urls=http://127.0.0.1:0", "--Server:BearerToken=process-test-token-0123456789"))
        {
            var endpoint = await server.McpEndpointAsync(TestContext.Current.CancellationToken);
            Assert.True(endpoint is not null, string.Join("\n", server.Stderr));
            await using (var client = await McpHttpServerUnderTest.ConnectAsync(endpoint, new() { ["Authorization"] = "Bearer process-test-token-0123456789" }))
            {
                var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);
                Assert.Equal("SUCCEEDED", result.Structured().GetProperty("status").GetString());
            }
            using var http = new HttpClient();
            using var refused = await http.PostAsync(endpoint, new StringContent("{}"), TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

            Assert.True(await server.WaitForStderrAsync("Refused POST /mcp from 127.0.0.1: 401, no bearer token", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), string.Join("\n", server.Stderr));
            Assert.True(await server.WaitForStderrAsync("get_video_task demo-instant: SUCCEEDED", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), string.Join("\n", server.Stderr));
            Assert.Empty(server.Stdout);
            Assert.DoesNotContain(server.Stderr, line => line.Contains("process-test-token", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_the_json_console_format_every_log_line_is_one_json_object_in_both_transports(bool http)
    {
        // Log collectors read one JSON object a line; the HTTP host's slim builder once pinned the simple format.
        string[] args = http
            ? ["--sandbox", "--http", "--Server:Urls=http://127.0.0.1:0", "--Logging:Console:FormatterName=json"]
            : ["--sandbox", "--Logging:Console:FormatterName=json"];
        await using var server = ServerProcess.Start(args);
        if (http)
        {
            var endpoint = await server.McpEndpointAsync(TestContext.Current.CancellationToken);
            Assert.True(endpoint is not null, string.Join("\n", server.Stderr));
            await using var client = await McpHttpServerUnderTest.ConnectAsync(endpoint);
            await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);
        }
        else
        {
            await server.InitializeAsync();
            await server.WriteLineAsync("""{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}}""");
            Assert.NotNull(server.WaitForLine("\"id\":\"call\"", TimeSpan.FromSeconds(30)));
        }

        Assert.True(await server.WaitForStderrAsync("get_video_task demo-instant: SUCCEEDED", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), string.Join("\n", server.Stderr));
        var entries = server.Stderr.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var call = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "RunwayRelay.Mcp.Tools.GetVideoTaskTool");
        Assert.Equal("Information", call.GetProperty("LogLevel").GetString());
        Assert.StartsWith("get_video_task demo-instant: SUCCEEDED in ", call.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("demo-instant", call.GetProperty("State").GetProperty("TaskId").GetString());
    }

    [Fact]
    public async Task A_console_format_the_logger_does_not_have_is_named_with_the_other_problems()
    {
        var run = await RunAsync(["--sandbox", "--Logging:Console:FormatterName=jsonl", "--Wait:MaxConcurrentWaits=0"], []);

        AssertRefusedToStart(run, "Logging:Console:FormatterName has 'jsonl', which is not one of simple, json, systemd", "Wait:MaxConcurrentWaits");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Telemetry_settings_the_exporter_would_not_use_are_named_with_the_other_problems(bool http)
    {
        // The exporter would only note these in its own diagnostics, and send to localhost:4317 instead.
        var run = await RunAsync(http ? ["--sandbox", "--http", "--Wait:MaxConcurrentWaits=0"] : ["--sandbox", "--Wait:MaxConcurrentWaits=0"], new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "otel-collector:4318",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json",
        });

        AssertRefusedToStart(run, "OTEL_EXPORTER_OTLP_ENDPOINT is not an absolute http:// or https:// URL", "OTEL_EXPORTER_OTLP_PROTOCOL has 'http/json', which is not one of grpc, http/protobuf", "Wait:MaxConcurrentWaits");
    }

    [Fact]
    public async Task A_per_signal_telemetry_endpoint_alone_is_named_rather_than_ignored()
    {
        var run = await RunAsync(["--sandbox"], new() { ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://otel-collector:4318/v1/traces" });

        AssertRefusedToStart(run, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set but OTEL_EXPORTER_OTLP_ENDPOINT is not");
    }

    [Fact]
    public async Task Without_a_key_it_warns_on_stderr_at_start_up()
    {
        var stderr = new List<string>();
        await using var client = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = [ServerDll],
                EnvironmentVariables = new Dictionary<string, string?> { ["Relay__BaseUrl"] = "http://127.0.0.1:9", ["Relay__ApiKey"] = null },
                StandardErrorLines = line => { lock (stderr) { stderr.Add(line); } },
            }),
            cancellationToken: TestContext.Current.CancellationToken);

        var result = await client.CallToolAsync("get_video_task", new Dictionary<string, object?> { ["task_id"] = "demo-instant" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("missing_key", result.ErrorKind());
        lock (stderr)
        {
            Assert.Contains(stderr, line => line.Contains("No relay API key is configured (Relay__ApiKey)", StringComparison.Ordinal));
        }
    }

    /// <summary>The server refused to start with the list of problems alone: exit 2, nothing on stdout, each problem
    /// named, and neither the host's "Hosting failed to start" nor a stack trace burying them.</summary>
    private static void AssertRefusedToStart((int ExitCode, string Stdout, string Stderr) run, params string[] problems)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("runway-relay-mcp cannot start:", run.Stderr, StringComparison.Ordinal);
        foreach (var problem in problems)
        {
            Assert.Contains(problem, run.Stderr, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The server refused to start in exactly one line on stderr: exit 2, nothing on stdout.</summary>
    private static void AssertRefusedInOneLine((int ExitCode, string Stdout, string Stderr) run, string expectedLine)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expectedLine, line.Trim());
    }

    /// <summary>Runs the server with <c>appsettings.{environment}.json</c> beside it, as the README says; each test
    /// uses an environment name of its own, so no other test reads the file.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithSettingsFileAsync(string environment, string json, string[] args)
    {
        var file = Path.Combine(Path.GetDirectoryName(ServerDll)!, $"appsettings.{environment}.json");
        await File.WriteAllTextAsync(file, json, TestContext.Current.CancellationToken);
        try
        {
            return await RunAsync(args, new() { ["DOTNET_ENVIRONMENT"] = environment });
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The server run to its exit with these arguments and environment variables; 60 s at most.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!process.HasExited)
        {
            // A server that started instead of refusing (a regression) would otherwise outlive the test run.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server did not exit within 60 s with: {string.Join(' ', args)}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
