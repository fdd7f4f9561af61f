using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// Words for the refusals the framework answers with a bare status: its router's 404, 405 and 415, the 413 of a body
/// over the limit and the JWT bearer handler's 401 challenge. Someone trying the endpoint with curl or a browser learns
/// what to send instead: on the MCP path a JSON-RPC error, as the guards answer; elsewhere a line of text saying where
/// MCP is. Run by the framework's status code pages, which leave every answer that has a body as it is.
/// </summary>
internal static class BareStatusAnswer
{
    public static Task WriteAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var request = context.Request;
        var mcpPath = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.Path;
        var serves = $"This is the runway-relay MCP server: MCP (Streamable HTTP) at POST {mcpPath}, health at GET {RelayMcpHttpApp.LivenessPath} and {RelayMcpHttpApp.ReadinessPath}.";
        var statusCode = context.Response.StatusCode;
        if (!request.Path.Equals(mcpPath, StringComparison.OrdinalIgnoreCase))
        {
            var problem = statusCode switch
            {
                StatusCodes.Status404NotFound => $"nothing is served at {request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not served at {request.Path}",
                _ => ReasonPhrases.GetReasonPhrase(statusCode),
            };
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"{statusCode} {problem}. {serves}\n");
        }
        if (statusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            // A client sending the wrong media type is one warning line, as every refusal before MCP is.
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BareStatusAnswer).FullName!);
            RefusedCallLog.Refused(logger, context, statusCode, "Content-Type not application/json");
        }
        var message = statusCode switch
        {
            // Also the MCP clients' GET for an event stream: expected, and answered 405 as the specification asks.
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not served here: this endpoint serves Streamable HTTP statelessly, so it answers POST only (no GET event stream, no session to DELETE). Send each JSON-RPC message in a POST.",
            StatusCodes.Status415UnsupportedMediaType => $"Content-Type {(string.IsNullOrEmpty(request.ContentType) ? "missing" : "'" + request.ContentType[..Math.Min(request.ContentType.Length, 80)] + "'")} is not accepted: send each JSON-RPC message in a POST with Content-Type: application/json.",
            // The OAuth challenge: the header says where the metadata is, the words what to bring.
            StatusCodes.Status401Unauthorized => "An access token is required (Authorization: Bearer <token>), from the issuer that the metadata named in WWW-Authenticate lists, for this endpoint, with its scopes.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this server accepts (Server:MaxRequestBodyBytes); MCP messages to it are a few kilobytes.",
            _ => $"{ReasonPhrases.GetReasonPhrase(statusCode)}. {serves}",
        };
        return RefusedCallAnswer.WriteAsync(context, statusCode, statusCode == StatusCodes.Status401Unauthorized ? -32001 : -32600, message);
    }
}
