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
}
