using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>The answer to an HTTP call refused before MCP sees it: the status, and a JSON-RPC error without an id
/// whose message says what to fix, as a client expects from an MCP endpoint.</summary>
internal static class RefusedCallAnswer
{
    public static Task WriteAsync(HttpContext context, int statusCode, int errorCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        // Messages may hold configured values (scope names): encoded, so that they can never break the JSON.
        var text = JsonEncodedText.Encode(message, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return context.Response.WriteAsync($$$"""{"jsonrpc":"2.0","id":null,"error":{"code":{{{errorCode.ToString(CultureInfo.InvariantCulture)}}},"message":"{{{text}}}"}}""");
    }
}
