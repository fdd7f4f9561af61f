using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RunwayRelay.Mcp.Transports.Http;

/// <summary>
/// Names the signed-in user (the access token's <c>sub</c>) on what a call leaves behind, for a team that wants to know
/// who called: a logging scope over every line the call writes, shown where the logging framework shows scopes
/// (<c>Logging__Console__FormatterOptions__IncludeScopes=true</c>, <c>Logging__OpenTelemetry__IncludeScopes=true</c>),
/// and <c>user.id</c> (OpenTelemetry's semantic conventions) on the request's span.
/// </summary>
internal sealed class SignedInUserScope(RequestDelegate next, ILogger<SignedInUserScope> logger)
{
    private static readonly Func<ILogger, string, IDisposable?> BeginUserScope = LoggerMessage.DefineScope<string>("User {User}");

    /// <summary>The signed-in user: the access token's <c>sub</c>, which RFC 9068 requires of access tokens and only a
    /// valid token sets; <c>null</c> without one.</summary>
    public static string? UserOf(ClaimsPrincipal principal) => principal.FindFirst("sub")?.Value is { Length: > 0 } user ? user : null;

    /// <summary>Runs the rest of the request inside the user's scope, when a user signed in.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (UserOf(context.User) is not { } user)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        Activity.Current?.SetTag("user.id", user);
        // Scopes are shared by every logger of the factory, so this logger's stands for all of them.
        using (BeginUserScope(logger, user))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    /// <summary>The user's scope over what <paramref name="logger"/> writes next, for a call refused after its token was
    /// found valid (403: a scope missing): who lacks it. None without a signed-in user.</summary>
    public static IDisposable? Begin(ILogger logger, ClaimsPrincipal principal) =>
        UserOf(principal) is { } user ? BeginUserScope(logger, user) : null;
}
