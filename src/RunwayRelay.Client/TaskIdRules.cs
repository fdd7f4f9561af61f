using System.Text.RegularExpressions;

namespace RunwayRelay.Client;

/// <summary>
/// The rules a task id must meet before any request is built: the same as the <c>task_id</c> parameter of
/// openapi/runway-relay-tasks.yaml (a test keeps the two equal). No id can leave the path segment it is put in.
/// </summary>
public static partial class TaskIdRules
{
    /// <summary>Longest id accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>The pattern, as written in the OpenAPI document and the tools' JSON Schema (ECMA-262: <c>$</c> is the very end).</summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$";

    // The same pattern for .NET, where "$" also matches before a final line break: "\z" is the very end, as in JSON Schema.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PatternRegex();

    /// <summary>Whether <paramref name="taskId"/> may be sent.</summary>
    public static bool IsValid(string? taskId) =>
        taskId is { Length: > 0 and <= MaxLength } && PatternRegex().IsMatch(taskId);

    /// <summary>Says what is wrong with <paramref name="taskId"/>, or <c>null</c> when it may be sent.</summary>
    public static string? Explain(string? taskId)
    {
        if (taskId is null || taskId.Length == 0)
        {
            return "task_id is empty: pass the id returned when the generation was created, such as 2f19d8a7-3b74-4fc4-af42-d0bcadbaec54.";
        }
        if (taskId.Length > MaxLength)
        {
            return $"task_id is {taskId.Length} characters long; ids are at most {MaxLength} (Runway's are 36-character UUIDs).";
        }
        if (taskId.Any(char.IsControl))
        {
            return "task_id contains a control character (such as a line break); pass the id alone, letters, digits, '-' and '_' only.";
        }
        if (!PatternRegex().IsMatch(taskId))
        {
            return "task_id may contain only letters, digits, '-' and '_', and must start with a letter or digit (Runway's ids are UUIDs such as 2f19d8a7-3b74-4fc4-af42-d0bcadbaec54).";
        }
        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Explain"/>'s words when the id may not be sent.</summary>
    public static void ThrowIfInvalid(string? taskId, string paramName = "taskId")
    {
        if (Explain(taskId) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }
}
