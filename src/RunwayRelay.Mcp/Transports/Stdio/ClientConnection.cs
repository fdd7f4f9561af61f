namespace RunwayRelay.Mcp.Transports.Stdio;

/// <summary>
/// Says when the stdio client has gone away (its end of standard input closed). The SDK waits for in-flight calls
/// before it notices, so a long wait would otherwise go on polling for nobody; the wait tool stops on this signal.
/// </summary>
public sealed class ClientConnection : IDisposable
{
    private readonly CancellationTokenSource gone = new();

    /// <summary>Cancelled once the client has gone.</summary>
    public CancellationToken Gone => gone.Token;

    /// <summary>Records that the client has gone.</summary>
    public void MarkGone()
    {
        try
        {
            gone.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Shutting down already.
        }
    }

    /// <inheritdoc />
    public void Dispose() => gone.Dispose();
}
