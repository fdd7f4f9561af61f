namespace RunwayRelay.Mcp.Transports.Stdio;

/// <summary>
/// Reads the client's input and marks the <see cref="ClientConnection"/> gone when it ends. A read gives up when its
/// token is cancelled, as the SDK's own stdin stream does: the console streams ignore tokens, and the transport, on
/// disposal, waits for its read loop, which would otherwise wait for the client's next line.
/// </summary>
public sealed class EndOfInputStream(Stream input, ClientConnection connection) : Stream
{
    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Seen(input.Read(buffer, offset, count));

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = input.ReadAsync(buffer, cancellationToken);
        return Seen(read.IsCompleted ? await read.ConfigureAwait(false) : await read.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Seen(int read)
    {
        if (read == 0)
        {
            connection.MarkGone();
        }
        return read;
    }
}
