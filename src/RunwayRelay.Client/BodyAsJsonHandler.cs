using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RunwayRelay.Client;

/// <summary>
/// Every body reaches Kiota as JSON. A success body is labelled <c>application/json</c> whatever the relay declared:
/// the endpoint answers nothing else, but Go's net/http labels an unlabelled JSON body <c>text/plain</c> and other
/// gateways send no type or a generic one, for which Kiota would pick no parser (or read the task as nothing). An
/// error answer whose body is not a JSON object (a proxy's HTML 502 page, an empty or truncated body) is read as
/// <c>{"error": "&lt;its text&gt;"}</c>: tags stripped, white space folded, at most 200 characters. So every 4xx and
/// 5xx becomes its typed error (a 502 page is a <c>RelayUnavailableError</c>, transient like any other 5xx) with a
/// short, safe excerpt as the relay's message, instead of a bare exception that says nothing. Sits above
/// <see cref="ResponseSizeLimitHandler"/>, so the body it reads is already bounded.
/// </summary>
internal sealed partial class BodyAsJsonHandler : DelegatingHandler
{
    private const int MaxExcerptChars = 200;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            // A body that is not JSON after all (an HTML page answered with 200) then fails as JSON, and says so.
            if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) != true)
            {
                response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
            return response;
        }
        if ((int)response.StatusCode < 400)
        {
            return response;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (IsJsonObject(body))
        {
            return response;
        }
        var excerpt = Excerpt(body);
        var replacement = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string?> { ["error"] = excerpt.Length == 0 ? null : excerpt }, ErrorBodyJsonContext.Default.DictionaryStringString), Encoding.UTF8);
        replacement.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        response.Content.Dispose();
        response.Content = replacement;
        return response;
    }

    private static bool IsJsonObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The readable text of a body: scripts, styles and tags dropped, entities decoded, white space folded.</summary>
    internal static string Excerpt(string body)
    {
        var text = Tags().Replace(ScriptsAndStyles().Replace(body, " "), " ");
        text = Spaces().Replace(WebUtility.HtmlDecode(text), " ").Trim();
        text = new string(text.Where(c => !char.IsControl(c)).ToArray());
        return text.Length <= MaxExcerptChars ? text : string.Concat(text.AsSpan(0, MaxExcerptChars), "…");
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
