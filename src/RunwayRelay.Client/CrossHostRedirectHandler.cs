namespace RunwayRelay.Client;

/// <summary>
/// Refuses a redirect to another host or port with <see cref="RelayRedirectRefusedException"/>: that host's answer
/// would be shown as the relay's task (and Kiota's redirect handler, which follows the rest, would already have
/// dropped the key). Redirects on the relay's own host reach Kiota's handler and are followed with the key, their
/// <c>Location</c> made absolute first: Kiota's handler resolves a relative one by appending it to the host, which
/// fails for any but a path from the root ("next" or "?page=2"), where RFC 9110 section 10.2.2 resolves it against
/// the request's URL (RFC 3986 section 5).
/// </summary>
internal sealed class CrossHostRedirectHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location && request.RequestUri is { } from)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(from, location);
            response.Headers.Location = target;
            if (!string.Equals(target.Host, from.Host, StringComparison.OrdinalIgnoreCase) || target.Port != from.Port)
            {
                response.Dispose();
                throw new RelayRedirectRefusedException(target, from);
            }
        }
        return response;
    }
}
