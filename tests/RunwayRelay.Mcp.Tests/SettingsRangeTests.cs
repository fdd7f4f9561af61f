using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Each of the server's and the wait's settings out of its range is named alone, with the range it takes, and
/// a secret put there is not repeated back: the "cannot start" list a person reads.</summary>
public sealed class SettingsRangeTests
{
    [Theory]
    [InlineData("token too short", "Server:BearerToken must be at least 16 characters without spaces.")]
    [InlineData("token with a space", "Server:BearerToken must be at least 16 characters without spaces.")]
    [InlineData("token with a line break at its end", "Server:BearerToken must be at least 16 characters without spaces: it ends with a line break, as a value saved to a file with echo (or a Kubernetes secret made from such a file) does; remove it.")]
    [InlineData("token in quotes", "Server:BearerToken is wrapped in quotes, which are not part of the token (docker run --env-file, for one, keeps the quotes of a .env file): remove them.")]
    [InlineData("shutdown under a second", "Server:ShutdownTimeout must be between 00:00:01 and 00:10:00 (hours:minutes:seconds); it is 00:00:00.1000000.")]
    [InlineData("shutdown past ten minutes", "Server:ShutdownTimeout must be between 00:00:01 and 00:10:00 (hours:minutes:seconds); it is 00:11:00.")]
    [InlineData("request body under a kilobyte", "Server:MaxRequestBodyBytes must be between 1024 and 16777216.")]
    // The endpoint's URL, as the start-up line prints it, given as where to listen.
    [InlineData("listen URL with the endpoint's path", "Server:Urls has 'http://127.0.0.1:3001/mcp', which has a path: it says where to listen (scheme, host and port, such as http://127.0.0.1:3001); the endpoint's path is Server:Path (now /mcp).")]
    [InlineData("listen URL with a query", "Server:Urls has 'http://127.0.0.1:3001?x=1', which has a path: it says where to listen (scheme, host and port, such as http://127.0.0.1:3001); the endpoint's path is Server:Path (now /mcp).")]
    public void A_server_setting_out_of_range(string setting, string problem)
    {
        var options = new ServerOptions { Transport = McpTransport.Http };
        switch (setting)
        {
            case "token too short": options.BearerToken = "secret-123"; break;
            case "token with a space": options.BearerToken = "secret-123 secret-456"; break;
            case "token with a line break at its end": options.BearerToken = "secret-123-secret-456\n"; break;
            case "token in quotes": options.BearerToken = "\"secret-123-secret-456\""; break;
            case "shutdown under a second": options.ShutdownTimeout = TimeSpan.FromMilliseconds(100); break;
            case "shutdown past ten minutes": options.ShutdownTimeout = TimeSpan.FromMinutes(11); break;
            case "request body under a kilobyte": options.MaxRequestBodyBytes = 512; break;
            case "listen URL with the endpoint's path": options.Urls = "http://127.0.0.1:3001/mcp"; break;
            case "listen URL with a query": options.Urls = "http://127.0.0.1:3001?x=1"; break;
        }

        var said = Assert.Single(options.Validate());

        Assert.Equal(problem, said);
        Assert.DoesNotContain("secret-123", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default timeout zero", "Wait:DefaultTimeoutSeconds and Wait:DefaultTimeoutWithoutProgressSeconds must be between 1 and 600.")]
    [InlineData("default timeout without progress past ten minutes", "Wait:DefaultTimeoutSeconds and Wait:DefaultTimeoutWithoutProgressSeconds must be between 1 and 600.")]
    [InlineData("jitter above the interval", "Wait:JitterSeconds must be between 0 and Wait:PollIntervalSeconds.")]
    [InlineData("per-caller cap above the total", "Wait:MaxConcurrentWaits and Wait:MaxConcurrentWaitsPerCaller must be at least 1, the per-caller cap no larger than the total.")]
    [InlineData("per-caller cap zero", "Wait:MaxConcurrentWaits and Wait:MaxConcurrentWaitsPerCaller must be at least 1, the per-caller cap no larger than the total.")]
    [InlineData("no waits at all", "Wait:MaxConcurrentWaits and Wait:MaxConcurrentWaitsPerCaller must be at least 1, the per-caller cap no larger than the total.")]
    public void A_wait_setting_out_of_range(string setting, string problem)
    {
        var options = new WaitOptions();
        switch (setting)
        {
            case "default timeout zero": options.DefaultTimeoutSeconds = 0; break;
            case "default timeout without progress past ten minutes": options.DefaultTimeoutWithoutProgressSeconds = 601; break;
            case "jitter above the interval": options.JitterSeconds = 7; break;
            case "per-caller cap above the total": options.MaxConcurrentWaitsPerCaller = 300; break;
            case "per-caller cap zero": options.MaxConcurrentWaitsPerCaller = 0; break;
            case "no waits at all": options.MaxConcurrentWaits = 0; options.MaxConcurrentWaitsPerCaller = 0; break;
        }

        Assert.Equal(problem, Assert.Single(options.Validate()));
    }

    // Runway updates a task no faster than every 5 s; only the sandbox, which answers at once, may be polled faster.
    [Theory]
    [InlineData(false, 4.9, 5)]
    [InlineData(true, 0.05, 0.1)]
    public void A_poll_interval_under_its_floor_names_the_floor(bool againstSandbox, double interval, double floor)
    {
        var below = new WaitOptions { AgainstSandbox = againstSandbox, PollIntervalSeconds = interval, JitterSeconds = 0 };
        var at = new WaitOptions { AgainstSandbox = againstSandbox, PollIntervalSeconds = floor, JitterSeconds = 0 };

        Assert.Equal(
            $"Wait:PollIntervalSeconds must be between {floor} and 300 (Runway does not update tasks faster than every 5 s; only the sandbox may go lower).",
            Assert.Single(below.Validate()));
        Assert.Empty(at.Validate());
    }

    // Each range holds its ends: a setting written at its documented limit starts the server.
    [Theory]
    [InlineData("lower")]
    [InlineData("upper")]
    public void A_setting_at_either_end_of_its_range_is_accepted(string end)
    {
        var lower = end == "lower";
        var server = new ServerOptions
        {
            Transport = McpTransport.Http,
            BearerToken = lower ? new string('t', 16) : new string('t', 200),
            ShutdownTimeout = lower ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(10),
            MaxRequestBodyBytes = lower ? 1024 : 16 * 1024 * 1024,
        };
        var wait = new WaitOptions
        {
            PollIntervalSeconds = lower ? 5 : 300,
            DefaultTimeoutSeconds = lower ? 1 : 600,
            DefaultTimeoutWithoutProgressSeconds = lower ? 1 : 600,
            MaxConcurrentWaits = lower ? 1 : 256,
            MaxConcurrentWaitsPerCaller = lower ? 1 : 256,
        };
        wait.JitterSeconds = lower ? 0 : wait.PollIntervalSeconds;

        Assert.Empty(server.Validate());
        Assert.Empty(wait.Validate());
    }
}
