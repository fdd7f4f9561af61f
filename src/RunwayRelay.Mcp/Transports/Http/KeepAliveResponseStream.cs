namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// The response body as the MCP SDK writes it, with room for <see cref="SseKeepAlive"/> to put a comment line between
/// its writes: one write at a time, and the time of the last one kept. A comment goes in only where a line has ended,
/// which is where the server-sent events format takes one (a line starting with <c>:</c> is ignored wherever it
/// stands, even inside an event).
/// </summary>
internal sealed class KeepAliveResponseStream(Stream inner, TimeProvider time) : Stream
{
    private static readonly byte[] Comment = ": keep-alive\n\n"u8.ToArray();

    private readonly SemaphoreSlim writing = new(1, 1);

    // Nothing written yet counts as the end of a line.
    private bool atLineEnd = true;

    // Read by the keep-alive loop while writes set it: atomic on every platform, 32-bit ones too.
    private long lastWrite = time.GetTimestamp();

    /// <summary>When the last write or comment went out (a <see cref="TimeProvider.GetTimestamp"/>), or the stream was made.</summary>
    public long LastWrite => Volatile.Read(ref lastWrite);

    /// <summary>Writes a comment line and flushes it, unless the last write ended mid-line (then nothing, and
    /// <c>false</c>). Waits for a write in progress to end.</summary>
    public async Task<bool> WriteCommentAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!atLineEnd)
            {
                return false;
            }
            await inner.WriteAsync(Comment, cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref lastWrite, time.GetTimestamp());
            return true;
        }
        finally
        {
            writing.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Wrote(buffer.Span);
        }
        finally
        {
            writing.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        writing.Wait();
        try
        {
            inner.Write(buffer);
            Wrote(buffer);
        }
        finally
        {
            writing.Release();
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writing.Release();
        }
    }

    public override void Flush()
    {
        writing.Wait();
        try
        {
            inner.Flush();
        }
        finally
        {
            writing.Release();
        }
    }

    private void Wrote(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > 0)
        {
            atLineEnd = buffer[^1] == (byte)'\n';
            Volatile.Write(ref lastWrite, time.GetTimestamp());
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            writing.Dispose();
        }
        base.Dispose(disposing);
    }
}
