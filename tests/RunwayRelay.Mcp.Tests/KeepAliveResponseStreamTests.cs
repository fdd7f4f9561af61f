using System.Text;
using Microsoft.Extensions.Time.Testing;
using RunwayRelay.Mcp.Transports.Http;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The response body the keep-alive writes its comment lines into, over a memory stream.</summary>
public sealed class KeepAliveResponseStreamTests
{
    [Fact]
    public async Task A_comment_goes_in_only_where_a_line_has_ended_and_is_dated_as_a_write()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        using var inner = new MemoryStream();
        await using var body = new KeepAliveResponseStream(inner, time);

        await body.WriteAsync(Encoding.UTF8.GetBytes("event: message\ndata: {\"a\":"), ct);
        var midLine = await body.WriteCommentAsync(ct);
        time.Advance(TimeSpan.FromSeconds(15));
        await body.WriteAsync(Encoding.UTF8.GetBytes("1}\n\n"), ct);
        var written = body.LastWrite;
        time.Advance(TimeSpan.FromSeconds(15));
        var atLineEnd = await body.WriteCommentAsync(ct);

        Assert.False(midLine);
        Assert.True(atLineEnd);
        Assert.Equal("event: message\ndata: {\"a\":1}\n\n: keep-alive\n\n", Encoding.UTF8.GetString(inner.ToArray()));
        Assert.Equal(TimeSpan.FromSeconds(15), time.GetElapsedTime(written, body.LastWrite));
    }
}
