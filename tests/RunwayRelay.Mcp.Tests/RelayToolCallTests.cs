using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The one path both tools and the task resource take around a relay read, for what the fault matrix
/// cannot provoke: a failure no branch of the translator foresaw.</summary>
public sealed class RelayToolCallTests
{
    private const string Key = "sk-sandbox-UNEXPECTED-SECRET-31";

    [Fact]
    public async Task An_unforeseen_failure_is_an_internal_error_whose_log_line_says_what_and_where_without_the_key()
    {
        var relay = Options.Create(new RelayOptions { BaseUrl = new Uri("http://127.0.0.1:9"), ApiKey = Key });
        var call = new RelayToolCall(new RelayKeyChoice(new HttpContextAccessor(), Options.Create(new ServerOptions()), relay), new RelayFailureTranslator(TimeProvider.System), relay);
        using var logs = new CapturedLogs();

        var (value, error) = await call.ReadAsync<object>("get_video_task", "demo-x", logs.CreateLogger("test"),
            _ => throw new NotSupportedException($"a bug that quotes the key {Key}"), TestContext.Current.CancellationToken);

        Assert.Null(value);
        Assert.Equal("internal_error", error!.Kind);
        Assert.Contains("report it with the server's log", error.Message, StringComparison.Ordinal);
        var line = Assert.Single(logs.Lines);
        Assert.StartsWith("Error test: get_video_task demo-x failed: internal_error after ", line, StringComparison.Ordinal);
        Assert.Contains("System.NotSupportedException: a bug that quotes the key [redacted]", line, StringComparison.Ordinal);
        Assert.Contains($"at {typeof(RelayToolCallTests).FullName}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, line, StringComparison.Ordinal);
    }
}
