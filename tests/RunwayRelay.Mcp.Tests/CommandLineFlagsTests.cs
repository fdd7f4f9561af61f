using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Arguments that are neither a flag nor a setting are named instead of being dropped without a word.</summary>
public sealed class CommandLineFlagsTests
{
    [Theory]
    [InlineData("--sandbox", "--http")]
    [InlineData("--SANDBOX", "--stdio")]
    [InlineData("--Relay:BaseUrl=https://relay.example", "--Relay:MaxRetries", "3")]
    [InlineData("--Relay:ApiKey", "-key-that-starts-with-a-dash")]
    [InlineData("/Relay:Timeout=00:00:05", "/Server:Urls", "http://127.0.0.1:3001")]
    [InlineData("Logging:LogLevel:Default=Warning")]
    public void Flags_and_settings_in_every_form_the_configuration_reads_are_known(params string[] args)
    {
        Assert.Empty(CommandLineFlags.Unknown(args));
    }

    [Theory]
    [InlineData(new[] { "--sandox" }, new[] { "--sandox" })]
    [InlineData(new[] { "--sandbox", "-x", "sandbox" }, new[] { "-x", "sandbox" })]
    [InlineData(new[] { "--BaseUrl=https://relay.example", "--Relay:MaxRetries=1" }, new[] { "--BaseUrl=https://relay.example" })]
    [InlineData(new[] { "sandbox=true", "--:Key=1" }, new[] { "sandbox=true", "--:Key=1" })]
    public void A_mistyped_flag_or_a_key_without_a_section_is_named(string[] args, string[] expected)
    {
        Assert.Equal(expected, CommandLineFlags.Unknown(args));
    }

    [Fact]
    public void The_message_names_the_arguments_and_the_forms_that_work()
    {
        var message = CommandLineFlags.DescribeUnknown(["--sandox"]);

        Assert.Contains("'--sandox'", message, StringComparison.Ordinal);
        Assert.Contains("--sandbox", message, StringComparison.Ordinal);
        Assert.Contains("--Section:Key=value", message, StringComparison.Ordinal);
    }
}
