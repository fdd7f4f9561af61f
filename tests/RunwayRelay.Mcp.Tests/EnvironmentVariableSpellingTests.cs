using Microsoft.Extensions.Configuration;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A setting's environment variable spelled with single underscores, as most programs spell theirs, is named
/// with the spelling .NET reads, instead of leaving the server without the setting.</summary>
public sealed class EnvironmentVariableSpellingTests
{
    [Theory]
    [InlineData("RELAY_API_KEY", "Relay__ApiKey")]
    [InlineData("Relay_BaseUrl", "Relay__BaseUrl")]
    [InlineData("relay_total_timeout", "Relay__TotalTimeout")]
    [InlineData("SERVER_BEARER_TOKEN", "Server__BearerToken")]
    [InlineData("SERVER_ALLOWED_HOSTS", "Server__AllowedHosts__0")]
    [InlineData("SERVER_AUTH_AUTHORITY", "Server__Auth__Authority")]
    [InlineData("SERVER_AUTH_SCOPES", "Server__Auth__Scopes__0")]
    [InlineData("WAIT_POLL_INTERVAL_SECONDS", "Wait__PollIntervalSeconds")]
    [InlineData("VIEW_MEDIA_ORIGINS", "View__MediaOrigins__0")]
    public void A_setting_spelled_with_single_underscores_is_named_with_the_spelling_that_is_read(string variable, string spelled)
    {
        var problem = Assert.Single(EnvironmentVariableSpelling.Problems(Settings(), [variable]));

        Assert.Equal(
            $"{variable} is set in the environment but not read: a setting's variable takes two underscores between section and name, {spelled}. Rename it, or remove it if it belongs to another program.",
            problem);
    }

    [Theory]
    // Already read: two underscores.
    [InlineData("Relay__ApiKey")]
    // Not a setting of ours: another program's, or Kubernetes' service variables for a service named relay or sandbox.
    [InlineData("RELAY_PORT")]
    [InlineData("RELAY_SERVICE_HOST")]
    [InlineData("SANDBOX_PORT")]
    [InlineData("RUNWAY_API_KEY")]
    [InlineData("PATH")]
    // A property configuration does not set.
    [InlineData("WAIT_AGAINST_SANDBOX")]
    [InlineData("SERVER_AUTH_ENABLED")]
    // Spelled with the separator the environment provider also reads, or with none: not a single-underscore spelling.
    [InlineData("Relay:ApiKey")]
    [InlineData("RELAYAPIKEY")]
    public void A_variable_that_is_no_misspelt_setting_is_left_alone(string variable) =>
        Assert.Empty(EnvironmentVariableSpelling.Problems(Settings(), [variable]));

    [Fact]
    public void A_variable_that_looks_like_a_setting_is_left_alone_when_the_setting_has_a_value()
    {
        // RELAY_API_KEY may be another program's; this server has its key.
        var settings = Settings(("Relay:ApiKey", "sk-live-123"), ("Server:AllowedHosts:0", "mcp.example.com"));

        Assert.Empty(EnvironmentVariableSpelling.Problems(settings, ["RELAY_API_KEY", "SERVER_ALLOWED_HOSTS"]));
    }

    [Fact]
    public void Several_misspelt_variables_are_named_in_the_order_of_their_names()
    {
        // The environment lists its variables in no set order; the start-up refusal reads the same on every start.
        var problems = EnvironmentVariableSpelling.Problems(Settings(), ["WAIT_POLL_INTERVAL_SECONDS", "RELAY_API_KEY", "SERVER_BEARER_TOKEN"]);

        Assert.Equal(["RELAY_API_KEY", "SERVER_BEARER_TOKEN", "WAIT_POLL_INTERVAL_SECONDS"], problems.Select(problem => problem[..problem.IndexOf(' ', StringComparison.Ordinal)]));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
