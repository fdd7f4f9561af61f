using System.Buffers;
using System.Globalization;
using System.Text;
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
            return $"{FirstProblem(taskId)} An id may contain only letters, digits, '-' and '_', and must start with a letter or digit (Runway's ids are UUIDs such as 2f19d8a7-3b74-4fc4-af42-d0bcadbaec54).";
        }
        return null;
    }

    // The characters of Pattern, to find the first one that breaks it.
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    // Names what breaks the pattern, and where, so that the caller (often a model) can mend the id instead of guessing.
    private static string FirstProblem(string taskId)
    {
        if (string.IsNullOrWhiteSpace(taskId))
        {
            return "task_id is blank.";
        }
        if (IdAtTheEndOfAPath(taskId) is { } id)
        {
            return $"task_id looks like a URL or path: pass only the id at its end, {id}.";
        }
        var index = taskId.AsSpan().IndexOfAnyExcept(IdCharacters);
        if (index < 0)
        {
            return $"task_id starts with '{taskId[0]}'.";
        }
        var advice = char.IsWhiteSpace(taskId[index]) || taskId[index] is '"' or '\'' ? ": pass the id alone, without spaces or quotes" : "";
        return $"task_id contains {Describe(taskId, index)} at character {index + 1}{advice}.";
    }

    // "https://relay/v1/tasks/<id>?x=1" or "tasks/<id>/" give "<id>", when that alone is a valid id; other paths
    // ("../x") are named by their first wrong character, as a guess at what was meant would mislead.
    private static string? IdAtTheEndOfAPath(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal) && !text.Contains("tasks/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var path = text.Split('?', '#')[0].TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last.Length < path.Length && Explain(last) is null ? last : null;
    }

    private static string Describe(string text, int index)
    {
        if (text[index] == ' ')
        {
            return "a space";
        }
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) != OperationStatus.Done)
        {
            return string.Create(CultureInfo.InvariantCulture, $"an unpaired surrogate (U+{(int)text[index]:X4})");
        }
        return rune.IsAscii
            ? $"'{rune}'"
            : string.Create(CultureInfo.InvariantCulture, $"'{rune}' (U+{rune.Value:X4})");
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
