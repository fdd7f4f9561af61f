using Microsoft.Kiota.Abstractions.Authentication;

namespace RunwayRelay.Client;

/// <summary>
/// Gives Kiota's bearer authentication the configured relay key, and only for the relay's own host:
/// a URL on any other host gets no key.
/// </summary>
internal sealed class RelayKeyProvider(string? apiKey, Uri baseUrl) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([baseUrl.Host]);

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(apiKey is not null && AllowedHostsValidator.IsUrlHostValid(uri) ? apiKey : string.Empty);
}
