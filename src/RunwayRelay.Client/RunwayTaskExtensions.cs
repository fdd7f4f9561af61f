using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client.Generated.Models;
using TaskStatus = RunwayRelay.Client.Generated.Models.TaskStatus;

namespace RunwayRelay.Client;

/// <summary>Answers about a <see cref="RunwayTask"/> that every caller would otherwise work out alike.</summary>
public static class RunwayTaskExtensions
{
    /// <summary>
    /// The status as the relay sent it: a known <see cref="TaskStatus"/> by its wire name, or a value a later
    /// API version added (kept in <see cref="RunwayTask.AdditionalData"/>). <c>null</c> only when none arrived.
    /// </summary>
    public static string? StatusText(this RunwayTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        // Kiota names enum members after their wire values (PENDING, ...), so ToString() is the wire value.
        return task.Status?.ToString() ?? (task.AdditionalData.TryGetValue("status", out var raw) ? raw switch
        {
            UntypedString s when !string.IsNullOrEmpty(s.GetValue()) => s.GetValue(),
            string s when s.Length > 0 => s,
            _ => null,
        } : null);
    }

    /// <summary>
    /// Runway's own id for the task: <see cref="RunwayTask.Id"/>, unless the relay names the task by an id of its own
    /// (gateways built on new-api give callers <c>task_…</c> ids) and its answer carried Runway's beside it. Ask the
    /// relay with <see cref="RunwayTask.Id"/>; this one is for Runway's dashboard and support.
    /// </summary>
    public static string? RunwayTaskId(this RunwayTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.AdditionalData.TryGetValue(RelayEnvelope.RunwayTaskIdField, out var runways) && runways is UntypedString { } id ? id.GetValue() : task.Id;
    }

    /// <summary>
    /// When the output URLs stop working, as Runway's signature in each of them says (the earliest); <c>null</c> when
    /// there is no output or a URL does not say, as a relay's own file links may not (Runway documents only "within
    /// 24-48 hours"). Reading the task again gives fresh URLs.
    /// </summary>
    public static DateTimeOffset? OutputExpiresAt(this RunwayTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        DateTimeOffset? earliest = null;
        foreach (var url in task.Output ?? [])
        {
            if (OutputUrlExpiry.Read(url) is not { } expires)
            {
                return null;
            }
            earliest = earliest is { } sooner && sooner < expires ? sooner : expires;
        }
        return earliest;
    }

    /// <summary>Whether the task will not change any more: SUCCEEDED, FAILED or CANCELLED.</summary>
    public static bool IsTerminal(this RunwayTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Status is TaskStatus.SUCCEEDED or TaskStatus.FAILED or TaskStatus.CANCELLED;
    }
}
