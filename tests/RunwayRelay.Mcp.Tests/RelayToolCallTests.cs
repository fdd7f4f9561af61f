using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The one path both tools and the task resource take around a relay read, for what the fault matrix
/// cannot provoke (a failure no branch of the translator foresaw) and what it does not look at (the log line, whose
/// cancellation is whose).</summary>
public sealed class RelayToolCallTests
{
    private const string Key = "sk-sandbox-UNEXPECTED-SECRET-31";

    [Fact]
    public async Task An_unforeseen_failure_is_an_internal_error_whose_log_line_says_what_and_where_without_the_key()
    {
        var call = Call();
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

    [Fact]
    public async Task A_key_the_relay_echoed_where_its_quoted_words_are_cut_leaves_no_part_of_it()
    {
        var call = Call();
        using var logs = new CapturedLogs();
        // The tool quotes at most 300 characters of the relay's words: this cuts the key after its first 12.
        var refused = new UnauthorizedError("refused") { Error = new UntypedString(new string('x', 288) + Key + " is not a valid key"), ResponseStatusCode = 401 };

        var (_, error) = await call.ReadAsync<object>("get_video_task", "demo-x", logs.CreateLogger("test"), _ => throw refused, TestContext.Current.CancellationToken);

        Assert.Equal("unauthorized", error!.Kind);
        Assert.Contains("[redacted]…", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..4], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..4], string.Concat(logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreseen_failure_is_one_warning_line_naming_its_kind_without_a_stack_trace()
    {
        using var logs = new CapturedLogs();

        var (_, error) = await Call().ReadAsync<object>("get_video_task", "demo-x", logs.CreateLogger("test"),
            _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"), TestContext.Current.CancellationToken);

        Assert.Equal("relay_unreachable", error!.Kind);
        var line = Assert.Single(logs.Lines);
        Assert.Matches("^Warning test: get_video_task demo-x failed: relay_unreachable after [0-9]+ ms$", line);
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_call_without_a_result_or_a_log_line()
    {
        using var logs = new CapturedLogs();
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Call().ReadAsync<object>("get_video_task", "demo-x", logs.CreateLogger("test"),
            _ => throw new OperationCanceledException(stopping.Token), stopping.Token));

        Assert.Empty(logs.Lines);
    }

    [Fact]
    public async Task A_cancellation_that_is_not_the_callers_is_the_relay_timing_out()
    {
        // HttpClient's own timeout surfaces as a TaskCanceledException while the caller is still waiting.
        using var logs = new CapturedLogs();

        var (_, error) = await Call().ReadAsync<object>("get_video_task", "demo-x", logs.CreateLogger("test"),
            _ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"), TestContext.Current.CancellationToken);

        Assert.Equal("relay_timeout", error!.Kind);
    }

    private static RelayToolCall Call()
    {
        var relay = Options.Create(new RelayOptions { BaseUrl = new Uri("http://127.0.0.1:9"), ApiKey = Key });
        return new RelayToolCall(new RelayKeyChoice(new HttpContextAccessor(), Options.Create(new ServerOptions()), relay), new RelayFailureTranslator(TimeProvider.System, RelayProxy.None), relay);
    }
}
