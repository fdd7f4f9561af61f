using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>What each family of Runway's dotted failure codes tells the assistant to do next: above all, whether the
/// same request may succeed again (an internal failure) or will fail the same way (moderation of an input).</summary>
public sealed class FailureCodeAdviceTests
{
    [Theory]
    [InlineData("SAFETY.INPUT.TEXT", "retrying the same input will fail again")]
    [InlineData("SAFETY.INPUT.IMAGE", "an input (prompt text or image) was refused")]
    [InlineData("INPUT_PREPROCESSING.SAFETY.TEXT", "retrying the same input will fail again")]
    [InlineData("SAFETY.OUTPUT.VIDEO", "what was generated (the video, image or audio) was refused")]
    [InlineData("SAFETY", "content moderation refused the task")]
    [InlineData("ASSET.INVALID", "an input asset could not be used")]
    [InlineData("INPUT_PREPROCESSING.INTERNAL", "an input asset could not be used")]
    [InlineData("INTERNAL.BAD_OUTPUT.CODE01", "the same generation again may well succeed")]
    [InlineData("internal", "the same generation again may well succeed")]
    [InlineData("QUOTA.EXCEEDED", "an unrecognised failure code")]
    [InlineData("", "Runway gave no failure code")]
    [InlineData(null, "Runway gave no failure code")]
    public void Each_family_of_codes_says_what_to_do_next(string? failureCode, string advice) =>
        Assert.Contains(advice, FailureCodeAdvice.For(failureCode), StringComparison.Ordinal);
}
