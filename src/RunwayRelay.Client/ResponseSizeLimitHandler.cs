namespace RunwayRelay.Client;

/// <summary>
/// Buffers each response body up to a limit and refuses it past that, so that a relay sending megabytes cannot
/// grow memory without bound. Sits next to the network, below the resilience handler, so that every attempt is
/// bounded, error bodies included.
/// </summary>
internal sealed class ResponseSizeLimitHandler(int maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            // An announced length is refused before a byte is read, and named in the error.
            if (response.Content.Headers.ContentLength is long declared && declared > maxBytes)
            {
                throw new RelayResponseTooLargeException(maxBytes, declared);
            }
            await response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            response.Dispose();
            throw new RelayResponseTooLargeException(maxBytes, declaredBytes: null);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
