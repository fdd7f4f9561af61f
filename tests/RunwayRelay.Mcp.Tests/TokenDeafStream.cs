namespace RunwayRelay.Mcp.Tests;

/// <summary>An input that, like the console's, ignores cancellation: a read waits for <see cref="Send"/> whatever its token says.</summary>
internal sealed class TokenDeafStream : Stream
{
    private readonly TaskCompletionSource<byte[]> next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Lets the pending read complete with <paramref name="bytes"/> (none: the end of input).</summary>
    public void Send(byte[] bytes) => next.TrySetResult(bytes);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var bytes = await next.Task.ConfigureAwait(false);
        bytes.CopyTo(buffer);
        return bytes.Length;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
