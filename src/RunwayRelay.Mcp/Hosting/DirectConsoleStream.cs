namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// Standard input or output, read and written on the calling thread. Console's own streams have no asynchronous
/// members of their own, so each <c>ReadAsync</c>, <c>WriteAsync</c> and <c>FlushAsync</c> goes through
/// <see cref="Stream"/>'s default, a work item on the thread pool: a response cost three trips there (the message,
/// its newline, the flush) and reached the client in two writes, waking it twice. Here writes gather in a buffer
/// and <see cref="Flush"/> hands the whole line to the pipe in one write; a read is one read on the caller's thread,
/// which the transport gives over to reading anyway.
/// </summary>
public sealed class DirectConsoleStream : Stream
{
    private const int MaxRetainedBytes = 1 << 20;

    private readonly Stream console;
    private readonly MemoryStream pending = new();

    /// <summary>Wraps a console stream (<see cref="Console.OpenStandardInput()"/> or <see cref="Console.OpenStandardOutput()"/>).</summary>
    public DirectConsoleStream(Stream console)
    {
        ArgumentNullException.ThrowIfNull(console);
        this.console = console;
    }

    /// <inheritdoc />
    public override bool CanRead => console.CanRead;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => console.CanWrite;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => console.Read(buffer, offset, count);

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => console.Read(buffer);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(console.Read(buffer.Span));

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!console.CanWrite)
        {
            throw new NotSupportedException("This stream is standard input, or it was closed.");
        }
        pending.Write(buffer);
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
        if (pending.Length == 0)
        {
            return;
        }
        try
        {
            console.Write(pending.GetBuffer().AsSpan(0, (int)pending.Length));
        }
        finally
        {
            pending.SetLength(0);
            if (pending.Capacity > MaxRetainedBytes)
            {
                pending.Capacity = 0; // one large message does not keep its buffer for the life of the server
            }
        }
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }
        Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            console.Dispose();
            pending.Dispose();
        }
        base.Dispose(disposing);
    }
}
