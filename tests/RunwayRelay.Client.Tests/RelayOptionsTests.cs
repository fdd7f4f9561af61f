using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RunwayRelay.Client.Tests;

/// <summary>What <see cref="RelayOptions.Validate"/> refuses before anything is sent.</summary>
public sealed class RelayOptionsTests
{
    [Theory]
    [InlineData("https://api.relay.example/runwayml/v1")]
    [InlineData("https://api.relay.example/runwayml/v1/")]
    [InlineData("https://api.relay.example/runwayml/v1/tasks")]
    [InlineData("https://api.relay.example/RunwayML")]
    [InlineData("https://api.relay.example/gateway/runwayml/v1")]
    public void A_base_url_that_already_holds_the_endpoints_path_is_refused_naming_the_root_to_use(string url)
    {
        var problems = new RelayOptions { BaseUrl = new Uri(url) }.Validate();

        var problem = Assert.Single(problems);
        Assert.StartsWith("Relay:BaseUrl ends with", problem, StringComparison.Ordinal);
        var root = url[..url.IndexOf("/runwayml", StringComparison.OrdinalIgnoreCase)];
        Assert.Contains($"use {root}", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.relay.example")]
    [InlineData("https://api.relay.example/")]
    [InlineData("https://api.relay.example/gateway")]
    [InlineData("http://127.0.0.1:8080/runwayml-proxy")]
    public void A_relay_root_with_or_without_a_path_of_its_own_is_accepted(string url) =>
        Assert.Empty(new RelayOptions { BaseUrl = new Uri(url) }.Validate());

    [Theory]
    [InlineData("sk-live-123")]
    // A "$" or "%" inside a key is part of it; only a whole reference is refused.
    [InlineData("sk-live-$123")]
    [InlineData("sk-live-%123%")]
    [InlineData("$")]
    public void A_key_that_is_a_key_alone_is_accepted(string key) =>
        Assert.Empty(new RelayOptions { BaseUrl = new Uri("https://api.relay.example"), ApiKey = key }.Validate());

    [Theory]
    [InlineData("query", "Relay:BaseUrl must not carry a query, a fragment or credentials")]
    [InlineData("credentials", "Relay:BaseUrl must not carry a query, a fragment or credentials")]
    [InlineData("ftp", "Relay:BaseUrl must be an absolute http or https URL")]
    [InlineData("key with spaces at its end", "Relay:ApiKey must not be empty")]
    [InlineData("key with a space inside", "Relay:ApiKey must not be empty")]
    [InlineData("key with a line break at its end", "Relay:ApiKey must not be empty or contain spaces or control characters: it ends with a line break, as a value saved to a file with echo (or a Kubernetes secret made from such a file) does; remove it.")]
    [InlineData("key with Bearer in front", "Relay:ApiKey must be the key alone, without \"Bearer \" in front")]
    [InlineData("key in double quotes", "Relay:ApiKey is wrapped in quotes, which are not part of the key (docker run --env-file, for one, keeps the quotes of a .env file): remove them.")]
    [InlineData("key in single quotes", "Relay:ApiKey is wrapped in quotes")]
    [InlineData("base URL in quotes", "Relay:BaseUrl is wrapped in quotes, which are not part of it (docker run --env-file, for one, keeps the quotes of a .env file): remove them.")]
    [InlineData("base URL without a scheme", "Relay:BaseUrl has no scheme: start it with https://")]
    [InlineData("Runway's own API", "Relay:BaseUrl is Runway's own API (api.dev.runwayml.com), which this client does not read: it reads tasks through an API relay")]
    [InlineData("base URL without a scheme, with a port", "Relay:BaseUrl has no scheme: start it with https://")]
    [InlineData("key an input reference", "Relay:ApiKey is a reference to a variable or input (such as ${input:…} or $NAME) that was passed as written")]
    [InlineData("version not a date", "Relay:RunwayVersion must be a date such as 2024-11-06")]
    [InlineData("attempt under a second", "Relay:Timeout must be between 00:00:01 and 00:10:00 (hours:minutes:seconds); it is 00:00:00.5000000.")]
    [InlineData("total under one attempt", "Relay:TotalTimeout (00:00:10) must be at least Relay:Timeout (00:00:30)")]
    [InlineData("total past half an hour", "Relay:TotalTimeout must be between 00:00:01 and 00:30:00 (hours:minutes:seconds); it is 00:31:00.")]
    [InlineData("eleven retries", "Relay:MaxRetries must be between 0 and 10")]
    [InlineData("negative retry delay", "Relay:MaxRetryDelay must be between 00:00:00 and 00:03:00 (hours:minutes:seconds); it is -00:00:01.")]
    [InlineData("retry delay past three minutes", "Relay:MaxRetryDelay must be between 00:00:00 and 00:03:00")]
    [InlineData("response bound under a kilobyte", "Relay:MaxResponseBytes must be between 1024 and 67108864")]
    public void Each_setting_out_of_its_range_is_named_alone_with_what_it_takes(string setting, string problem)
    {
        var options = new RelayOptions { BaseUrl = new Uri("https://api.relay.example") };
        switch (setting)
        {
            case "query": options.BaseUrl = new Uri("https://api.relay.example/?key=sk-live-123"); break;
            case "credentials": options.BaseUrl = new Uri("https://user:sk-live-123@api.relay.example"); break;
            case "ftp": options.BaseUrl = new Uri("ftp://api.relay.example"); break;
            case "key with spaces at its end": options.ApiKey = "sk-live-123 "; break;
            case "key with a space inside": options.ApiKey = "sk-live-123 sk-live-123"; break;
            case "key with a line break at its end": options.ApiKey = "sk-live-123\n"; break;
            case "key with Bearer in front": options.ApiKey = "Bearer sk-live-123"; break;
            // VS Code's entry copied into Claude Desktop's settings, which take every value as written.
            case "key in double quotes": options.ApiKey = "\"sk-live-123\""; break;
            case "key in single quotes": options.ApiKey = "'sk-live-123'"; break;
            // As the configuration binder makes a Uri of a value that is not an absolute URL.
            case "base URL in quotes": options.BaseUrl = new Uri("\"https://api.relay.example\"", UriKind.RelativeOrAbsolute); break;
            case "Runway's own API": options.BaseUrl = new Uri("https://api.dev.runwayml.com"); break;
            case "base URL without a scheme": options.BaseUrl = new Uri("api.relay.example", UriKind.RelativeOrAbsolute); break;
            case "base URL without a scheme, with a port": options.BaseUrl = new Uri("api.relay.example:8080", UriKind.RelativeOrAbsolute); break;
            case "key an input reference": options.ApiKey = "${input:sk-live-123}"; break;
            case "version not a date": options.RunwayVersion = "v2"; break;
            case "attempt under a second": options.Timeout = TimeSpan.FromMilliseconds(500); break;
            case "total under one attempt": options.TotalTimeout = TimeSpan.FromSeconds(10); break;
            case "total past half an hour": options.TotalTimeout = TimeSpan.FromMinutes(31); break;
            case "eleven retries": options.MaxRetries = 11; break;
            case "negative retry delay": options.MaxRetryDelay = TimeSpan.FromSeconds(-1); break;
            case "retry delay past three minutes": options.MaxRetryDelay = TimeSpan.FromMinutes(4); break;
            case "response bound under a kilobyte": options.MaxResponseBytes = 100; break;
        }

        var said = Assert.Single(options.Validate());

        Assert.StartsWith(problem, said, StringComparison.Ordinal);
        // The key, wherever it was put, is never repeated back.
        Assert.DoesNotContain("sk-live-123", said, StringComparison.Ordinal);
    }

    // Each range holds its ends: a setting written at its documented limit is accepted.
    [Theory]
    [InlineData("lower")]
    [InlineData("upper")]
    public void A_setting_at_either_end_of_its_range_is_accepted(string end)
    {
        var lower = end == "lower";
        var options = new RelayOptions
        {
            BaseUrl = new Uri("https://api.relay.example"),
            Timeout = lower ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(10),
            // A total of exactly one attempt, and the longest total.
            TotalTimeout = lower ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(30),
            MaxRetries = lower ? 0 : 10,
            MaxRetryDelay = lower ? TimeSpan.Zero : TimeSpan.FromMinutes(3),
            MaxResponseBytes = lower ? 1024 : 64 * 1024 * 1024,
        };

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(nameof(RelayOptions.Timeout), 30, "Relay:Timeout must be between 00:00:01 and 00:10:00 (hours:minutes:seconds); it was read as 30 days, as .NET reads a bare number: for 30 seconds write 00:00:30.")]
    [InlineData(nameof(RelayOptions.TotalTimeout), 90, "Relay:TotalTimeout must be between 00:00:01 and 00:30:00 (hours:minutes:seconds); it was read as 90 days, as .NET reads a bare number: for 90 seconds write 00:01:30.")]
    [InlineData(nameof(RelayOptions.MaxRetryDelay), 20, "Relay:MaxRetryDelay must be between 00:00:00 and 00:03:00 (hours:minutes:seconds); it was read as 20 days, as .NET reads a bare number: for 20 seconds write 00:00:20.")]
    public void A_duration_written_as_a_bare_number_is_read_as_days_and_the_problem_says_how_to_write_seconds(string setting, int number, string problem)
    {
        // Bound as a host binds it: Relay__Timeout=30 beside Wait__DefaultTimeoutSeconds=600.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Relay:BaseUrl"] = "https://api.relay.example",
            [$"Relay:{setting}"] = number.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var options = settings.GetSection(RelayOptions.Section).Get<RelayOptions>()!;

        // One problem: the total is not also said to be shorter than an attempt of 30 days.
        Assert.Equal(problem, Assert.Single(options.Validate()));
    }
}
