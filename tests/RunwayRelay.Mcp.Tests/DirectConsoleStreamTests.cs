using System.Text;
using RunwayRelay.Mcp.Hosting;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Standard input and output without thread-pool trips: one write per message, reads on the caller.</summary>
public sealed class DirectConsoleStreamTests
{
    [Fact]
    public async Task A_message_written_as_the_transport_writes_it_reaches_the_console_in_one_write()
    {
        var console = new RecordingConsole();
        using var output = new DirectConsoleStream(console);

        // The SDK's stdio transport: the message, then its newline, then a flush.
        var message = output.WriteAsync("""{"jsonrpc":"2.0","id":1,"result":{}}"""u8.ToArray(), TestContext.Current.CancellationToken);
        var newline = output.WriteAsync("\n"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.Empty(console.Writes);
        var flush = output.FlushAsync(TestContext.Current.CancellationToken);

        Assert.True(message.IsCompletedSuccessfully && newline.IsCompletedSuccessfully && flush.IsCompletedSuccessfully, "every step completes on the calling thread");
        await flush;
        Assert.Equal(["""{"jsonrpc":"2.0","id":1,"result":{}}""" + "\n"], console.Writes);
    }

    [Fact]
    public async Task Each_flush_sends_only_what_came_after_the_previous_one()
    {
        var console = new RecordingConsole();
        using var output = new DirectConsoleStream(console);

        await output.WriteAsync("first\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await output.FlushAsync(TestContext.Current.CancellationToken);
        await output.FlushAsync(TestContext.Current.CancellationToken);
        output.Write("second\n"u8);
        output.Flush();

        Assert.Equal(["first\n", "second\n"], console.Writes);
    }

    [Fact]
    public async Task A_failed_write_is_reported_and_does_not_leak_into_the_next_message()
    {
        var console = new RecordingConsole { FailNextWrite = true };
        using var output = new DirectConsoleStream(console);

        await output.WriteAsync("lost\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<IOException>(() => output.FlushAsync(TestContext.Current.CancellationToken));
        await output.WriteAsync("next\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await output.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["next\n"], console.Writes);
    }

    [Fact]
    public async Task Reads_complete_on_the_calling_thread_and_end_of_input_reads_zero()
    {
        using var input = new DirectConsoleStream(new MemoryStream(Encoding.UTF8.GetBytes("{\"id\":1}\n")));
        var buffer = new byte[64];

        var read = input.ReadAsync(buffer, TestContext.Current.CancellationToken);
        Assert.True(read.IsCompletedSuccessfully);
        var count = await read;
        Assert.Equal("{\"id\":1}\n", Encoding.UTF8.GetString(buffer, 0, count));
        Assert.Equal(0, await input.ReadAsync(buffer, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_cancelled_call_does_nothing()
    {
        var console = new RecordingConsole();
        using var output = new DirectConsoleStream(console);
        using var input = new DirectConsoleStream(new MemoryStream([1, 2, 3]));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await output.WriteAsync(new byte[] { 1 }, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await input.ReadAsync(new byte[8], cancelled.Token));
        output.Flush();

        Assert.Empty(console.Writes);
        Assert.Equal(3, await input.ReadAsync(new byte[8], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Standard_input_cannot_be_written()
    {
        using var input = new DirectConsoleStream(new MemoryStream([], writable: false));

        Assert.False(input.CanWrite);
        Assert.Throws<NotSupportedException>(() => input.Write([1], 0, 1));
    }

    /// <summary>A console that records each write it is handed, as the pipe would see it.</summary>
    private sealed class RecordingConsole : Stream
    {
        public List<string> Writes { get; } = [];

        public bool FailNextWrite { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (FailNextWrite)
            {
                FailNextWrite = false;
                throw new IOException("Broken pipe");
            }
            Writes.Add(Encoding.UTF8.GetString(buffer));
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
