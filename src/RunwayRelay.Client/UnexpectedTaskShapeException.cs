using System.Globalization;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client;

/// <summary>
/// The relay answered 200, but not with a Runway task: a required field (<c>id</c>, <c>status</c>) is missing or
/// holds a value of the wrong kind. <see cref="FieldsReceived"/> names what did arrive, which tells a Kling- or
/// Luma-style envelope apart; <see cref="HeldInstead"/> says what a required field held instead.
/// </summary>
public sealed class UnexpectedTaskShapeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnexpectedTaskShapeException(IReadOnlyList<string> missingFields, IReadOnlyList<string> fieldsReceived, IReadOnlyDictionary<string, string>? heldInstead = null)
        : this(Describe(missingFields, heldInstead), missingFields, fieldsReceived, heldInstead)
    {
    }

    private UnexpectedTaskShapeException(string problem, IReadOnlyList<string> missingFields, IReadOnlyList<string> fieldsReceived, IReadOnlyDictionary<string, string>? heldInstead)
        : base(Compose(problem, fieldsReceived))
    {
        MissingFields = missingFields;
        FieldsReceived = fieldsReceived;
        HeldInstead = heldInstead ?? new Dictionary<string, string>();
        Problem = problem;
    }

    /// <summary>The body is JSON, but not an object (an array, a string, null), so it has no fields at all.</summary>
    internal static UnexpectedTaskShapeException NotAnObject(System.Text.Json.JsonValueKind received) =>
        new($"the body is {Serialization.JsonKindMismatchException.Describe(received)}, not an object", ["id", "status"], [], null);

    /// <summary>What is wrong with the required fields, such as <c>missing status</c> or
    /// <c>id held the number 123 instead of a string</c>.</summary>
    public string Problem { get; }

    /// <summary>Required fields that were absent or unreadable.</summary>
    public IReadOnlyList<string> MissingFields { get; }

    /// <summary>Top-level field names that arrived.</summary>
    public IReadOnlyList<string> FieldsReceived { get; }

    /// <summary>For a required field that arrived with a value of the wrong kind: that value, described (<c>the number 123</c>).</summary>
    public IReadOnlyDictionary<string, string> HeldInstead { get; }

    /// <summary>A short description of a raw value Kiota kept: its kind, and the value when it is short.</summary>
    public static string Describe(object? raw) => raw switch
    {
        null or UntypedNull => "null",
        UntypedString s => $"the string \"{Bounded(s.GetValue() ?? string.Empty)}\" (not one this client knows)",
        UntypedBoolean b => b.GetValue() ? "true" : "false",
        UntypedInteger i => string.Create(CultureInfo.InvariantCulture, $"the number {i.GetValue()}"),
        UntypedLong l => string.Create(CultureInfo.InvariantCulture, $"the number {l.GetValue()}"),
        UntypedDecimal m => string.Create(CultureInfo.InvariantCulture, $"the number {m.GetValue()}"),
        UntypedDouble d => string.Create(CultureInfo.InvariantCulture, $"the number {d.GetValue()}"),
        UntypedFloat f => string.Create(CultureInfo.InvariantCulture, $"the number {f.GetValue()}"),
        UntypedArray => "an array",
        UntypedObject => "an object",
        _ => $"a {raw.GetType().Name}",
    };

    private static string Describe(IReadOnlyList<string> missing, IReadOnlyDictionary<string, string>? heldInstead)
    {
        var absent = missing.Where(name => heldInstead?.ContainsKey(name) != true).ToList();
        var problems = new List<string>();
        if (absent.Count > 0)
        {
            problems.Add($"missing {string.Join(", ", absent)}");
        }
        problems.AddRange(missing.Where(name => heldInstead?.ContainsKey(name) == true).Select(name => $"{name} held {heldInstead![name]} instead of a string"));
        return string.Join("; ", problems);
    }

    private static string Compose(string problem, IReadOnlyList<string> received) =>
        $"The relay answered 200 but the body is not a Runway task: {problem}; received fields: {(received.Count == 0 ? "none" : string.Join(", ", received))}.";

    private static string Bounded(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
