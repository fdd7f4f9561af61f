namespace RunwayRelay.Client.Tests;

/// <summary>The network end of a client's pipeline that counts what it was asked to send, including what never reached
/// a server's application (a TLS handshake that failed, a refused connection).</summary>
internal sealed class CountingHandler() : DelegatingHandler(RelayHttpPipeline.CreatePrimaryHandler())
{
    private int sent;

    public int Sent => Volatile.Read(ref sent);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref sent);
        return base.SendAsync(request, cancellationToken);
    }
}
