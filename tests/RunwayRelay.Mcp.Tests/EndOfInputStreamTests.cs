using RunwayRelay.Mcp.Transports.Stdio;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Standard input as the stdio transport reads it: the end of input says the client has gone, and a read
/// gives up on cancellation even though the console's own stream does not, so that the server can stop.</summary>
public sealed class EndOfInputStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_read_waiting_for_the_client_gives_up_when_cancelled()
    {
        var input = new TokenDeafStream();
        using var connection = new ClientConnection();
        await using var stream = new EndOfInputStream(input, connection);
        using var stop = new CancellationTokenSource();

        var read = stream.ReadAsync(new byte[16], stop.Token).AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.False(connection.Gone.IsCancellationRequested);
    }

    [Fact]
    public async Task Bytes_pass_through_and_the_end_of_input_marks_the_client_gone()
    {
        var input = new TokenDeafStream();
        using var connection = new ClientConnection();
        await using var stream = new EndOfInputStream(input, connection);
        var buffer = new byte[16];

        var read = stream.ReadAsync(buffer, TestContext.Current.CancellationToken).AsTask();
        input.Send("{}\n"u8.ToArray());

        Assert.Equal(3, await read.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Equal("{}\n"u8.ToArray(), buffer[..3]);
        Assert.False(connection.Gone.IsCancellationRequested);

        await using var end = new EndOfInputStream(new MemoryStream(), connection);
        Assert.Equal(0, await end.ReadAsync(buffer, TestContext.Current.CancellationToken));
        Assert.True(connection.Gone.IsCancellationRequested);
    }
}
