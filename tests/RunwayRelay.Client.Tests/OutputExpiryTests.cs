using System.Buffers.Text;
using System.Text;
using RunwayRelay.Client.Generated.Models;

namespace RunwayRelay.Client.Tests;

/// <summary>When a task's output URLs stop working, as the <c>_jwt</c> in Runway's URLs says, and nothing when they do
/// not say it plainly.</summary>
public sealed class OutputExpiryTests
{
    private const string Cdn = "https://dnznrvs05pmza.cloudfront.net/2f19d8a7-3b74-4fc4-af42-d0bcadbaec54.mp4";

    // A token shaped as in Runway's URLs: its header, a payload of claims, a signature (not checked, never ours to check).
    private static string Jwt(string claims) =>
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + ".LfRL0In2JxG0x6PkcDsFm2teQqYh7dfNCP6iphqMUUY";

    private static DateTimeOffset? ExpiryOf(params string[] urls) => new RunwayTask { Output = [.. urls] }.OutputExpiresAt();

    [Fact]
    public void A_runway_url_says_when_it_expires()
    {
        var url = $$"""{{Cdn}}?_jwt={{Jwt("""{"keyHash":"698627482275a58e","bucket":"runway-task-artifacts","stage":"prod","exp":1790271560}""")}}""";

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_790_271_560), ExpiryOf(url));
    }

    [Fact]
    public void The_last_second_a_time_can_hold_is_read()
    {
        Assert.Equal(DateTimeOffset.MaxValue.AddTicks(-(TimeSpan.TicksPerSecond - 1)), ExpiryOf($$"""{{Cdn}}?_jwt={{Jwt("""{"exp":253402300799}""")}}"""));
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("file")]
    public void A_url_of_another_scheme_gives_no_time(string scheme) =>
        Assert.Null(ExpiryOf($$"""{{scheme}}://host.example/v.mp4?_jwt={{Jwt("""{"exp":1790271560}""")}}"""));

    [Fact]
    public void Of_several_urls_the_first_to_expire_counts()
    {
        var later = $$"""{{Cdn}}?_jwt={{Jwt("""{"exp":1790271560}""")}}""";
        var sooner = $$"""https://dnznrvs05pmza.cloudfront.net/audio_sfx/a/Tap.mp3?x=1&_jwt={{Jwt("""{"exp":1790200000}""")}}""";

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_790_200_000), ExpiryOf(later, sooner));
    }

    [Theory]
    [InlineData("")] // a URL without a token
    [InlineData("?expires=1790271560&signature=abc")] // another signing scheme: nothing to read as Runway's
    [InlineData("?_jwt=onlyonepart")]
    [InlineData("?_jwt=a.%%%.c")] // the payload not base64url
    [InlineData("?_jwt=a.bm90IGpzb24.c")] // "not json"
    [InlineData("#_jwt=PAYLOAD")] // in the fragment, not the query
    public void A_url_that_does_not_say_gives_no_time(string tail)
    {
        var url = Cdn + tail.Replace("PAYLOAD", Jwt("""{"exp":1790271560}"""), StringComparison.Ordinal);

        Assert.Null(ExpiryOf(url));
    }

    [Theory]
    [InlineData("""{"exp":"1790271560"}""")]
    [InlineData("""{"exp":1e30}""")]
    [InlineData("""{"exp":-5}""")]
    [InlineData("""{"exp":0}""")]
    // A second past the last DateTimeOffset holds, which it would refuse with an exception.
    [InlineData("""{"exp":253402300800}""")]
    [InlineData("""{"exp":1790271560.5}""")]
    [InlineData("""["exp",1790271560]""")]
    [InlineData("""{"iat":1790271560}""")]
    public void A_token_whose_exp_is_not_a_time_gives_no_time(string claims) =>
        Assert.Null(ExpiryOf($"{Cdn}?_jwt={Jwt(claims)}"));

    [Fact]
    public void One_url_that_does_not_say_leaves_the_time_unsaid_for_all()
    {
        // Runway signs each output; a list where one URL says nothing is not Runway's alone, and a time for "the links"
        // would be a guess for that one.
        var signed = $$"""{{Cdn}}?_jwt={{Jwt("""{"exp":1790271560}""")}}""";

        Assert.Null(ExpiryOf(signed, "https://files.example-relay.com/copy.mp4"));
    }

    [Fact]
    public void No_output_no_time() => Assert.Null(new RunwayTask().OutputExpiresAt());
}
