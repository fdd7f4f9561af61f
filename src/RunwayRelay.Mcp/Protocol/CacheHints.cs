using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Views;

namespace RunwayRelay.Mcp.Protocol;

/// <summary>
/// The caching hints of the 2026-07-28 revision (SEP-2549,
/// modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching) on what this server lists and serves.
/// The SDK marks each such result "stale at once, this caller only" unless told more. Here the lists and the view are
/// the same for every caller and change only with a new version of the server, and a task is worth reading again only
/// after Runway's 5 seconds. Earlier revisions do not know these fields, so they are set on 2026-07-28 requests only.
/// </summary>
internal static class CacheHints
{
    /// <summary>How long the lists and the view may be reused: a server upgraded behind a balancer is seen within it.</summary>
    public static readonly TimeSpan DefinitionsLifetime = TimeSpan.FromMinutes(10);

    /// <summary>For <c>tools/list</c>, <c>prompts/list</c>, <c>resources/list</c> and <c>resources/templates/list</c>:
    /// the same for every caller, for <see cref="DefinitionsLifetime"/>.</summary>
    public static McpRequestHandler<TParams, TResult> Definitions<TParams, TResult>(McpRequestHandler<TParams, TResult> next)
        where TResult : ICacheableResult =>
        async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken).ConfigureAwait(false);
            if (ProtocolRevision.IsJuly2026OrLater(request.JsonRpcRequest, request.Server))
            {
                result.TimeToLive = DefinitionsLifetime;
                result.CacheScope = CacheScope.Public;
            }
            return result;
        };

    /// <summary>For <c>resources/read</c>: the view as the lists; a task for this caller only (it was read with the
    /// caller's key), for Runway's shortest update interval.</summary>
    public static McpRequestHandler<ReadResourceRequestParams, ReadResourceResult> Read(McpRequestHandler<ReadResourceRequestParams, ReadResourceResult> next) =>
        async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken).ConfigureAwait(false);
            if (ProtocolRevision.IsJuly2026OrLater(request.JsonRpcRequest, request.Server))
            {
                var isView = request.Params?.Uri == VideoTaskApp.ViewUri;
                result.TimeToLive = isView ? DefinitionsLifetime : TaskWaitOptions.MinimumPollInterval;
                result.CacheScope = isView ? CacheScope.Public : CacheScope.Private;
            }
            return result;
        };
}
