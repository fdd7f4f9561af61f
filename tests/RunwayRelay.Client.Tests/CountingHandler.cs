namespace RunwayRelay.Client.Tests;

/// <summary>The network end of a client's pipeline that counts what it was asked to send, including what never reached
/// a server's application (a TLS handshake that failed, a refused connection), and can fail a chosen request the way
/// the network would, where no real server can (a host name that stops resolving).</summary>
internal sealed class CountingHandler() : DelegatingHandler(RelayHttpPipeline.CreatePrimaryHandler())
{
    private int sent;

    public int Sent => Volatile.Read(ref sent);

    /// <summary>Given the request's number (1 for the first), what to throw instead of sending it; null sends it.</summary>
    public Func<int, Exception?> FaultFor { get; init; } = _ => null;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref sent);
        return FaultFor(number) is { } fault ? Task.FromException<HttpResponseMessage>(fault) : base.SendAsync(request, cancellationToken);
    }
}
