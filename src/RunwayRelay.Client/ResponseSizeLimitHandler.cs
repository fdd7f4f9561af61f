using System.Buffers;

namespace RunwayRelay.Client;

/// <summary>
/// Reads each response body into memory up to a limit and refuses it past that, so that a relay sending
/// megabytes cannot grow memory without bound. Sits next to the network, below Kiota's retry handler,
/// which reads error bodies whole.
/// </summary>
internal sealed class ResponseSizeLimitHandler(int maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.Content.Headers.ContentLength is long declared && declared > maxBytes)
            {
                throw new RelayResponseTooLargeException(maxBytes, declared);
            }
            response.Content = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpContent> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    throw new RelayResponseTooLargeException(maxBytes, declaredBytes: null);
                }
                body.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var buffered = new ByteArrayContent(body.ToArray());
        foreach (var header in content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        content.Dispose();
        return buffered;
    }
}
