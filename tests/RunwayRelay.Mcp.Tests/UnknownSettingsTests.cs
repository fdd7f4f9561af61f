using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tests;

/// <summary>A key no setting has is named, with the setting it spells otherwise when there is one.</summary>
public sealed class UnknownSettingsTests
{
    [Theory]
    [InlineData("Relay:API_KEY", "Relay:API_KEY is not a setting; Relay:ApiKey is (environment variable Relay__ApiKey).")]
    [InlineData("Relay:base_url", "Relay:base_url is not a setting; Relay:BaseUrl is (environment variable Relay__BaseUrl).")]
    [InlineData("Server:Auth:META_DATA_ADDRESS", "Server:Auth:META_DATA_ADDRESS is not a setting; Server:Auth:MetadataAddress is (environment variable Server__Auth__MetadataAddress).")]
    [InlineData("Server:ALLOWED_ORIGINS", "Server:ALLOWED_ORIGINS is not a setting; Server:AllowedOrigins:0 is (environment variable Server__AllowedOrigins__0).")]
    // Spelled otherwise beyond separators: no guess, the README.
    [InlineData("Relay:ApiKee", "Relay:ApiKee is not a setting; check its spelling against the Configuration section of the README, or remove it.")]
    [InlineData("Wait:AgainstSandbox", "Wait:AgainstSandbox is not a setting; check its spelling against the Configuration section of the README, or remove it.")]
    public void A_key_no_setting_has_is_named_with_the_setting_it_spells_otherwise(string key, string problem) =>
        Assert.Equal(problem, UnknownSettings.NotASetting(key));
}
