using System.Net.Http.Headers;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Benchmarks;

/// <summary>The bare HttpClient both floors send the relay GET with: SocketsHttpHandler, one kept-alive connection,
/// the sandbox's public key, none of the server's handlers.</summary>
internal static class SandboxHttpClient
{
    public static HttpClient Create()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxOptions.PublicKey);
        return client;
    }
}
