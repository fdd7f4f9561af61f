namespace RunwayRelay.Client;

/// <summary>
/// Adds <c>X-Runway-Version</c> to every request that does not carry one, so that calls made through the
/// generated request builders get it too.
/// </summary>
internal sealed class RunwayVersionHandler(string version) : DelegatingHandler
{
    internal const string HeaderName = "X-Runway-Version";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains(HeaderName))
        {
            request.Headers.TryAddWithoutValidation(HeaderName, version);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
