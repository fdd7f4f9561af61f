using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Kiota's <see cref="JsonParseNode"/> with one difference: a field whose value does not fit its type never fails
/// the whole read and is never silently dropped. Kiota throws on some misfits (a fractional number for an integer)
/// and turns others into <c>null</c> (a number where a string belongs, an enum value it does not know, a date in
/// another form). Here such a field is left empty and its raw value is kept in the model's
/// <see cref="IAdditionalDataHolder.AdditionalData"/> under the field's own name, as a Kiota <see cref="UntypedNode"/>,
/// where callers and the MCP tools find it. Every value that fits is read by Kiota's own node, except an enum's,
/// which Kiota would take in forms the document does not allow (see <see cref="EnumWireNames{T}"/>).
/// </summary>
internal sealed partial class TolerantJsonParseNode(JsonElement element) : IParseNode
{
    public Action<IParsable>? OnBeforeAssignFieldValues { get; set; }

    public Action<IParsable>? OnAfterAssignFieldValues { get; set; }

    public string? GetStringValue() => Fit(Kiota().GetStringValue(), "a string");

    public bool? GetBoolValue() => Fit(Kiota().GetBoolValue(), "true or false");

    public byte? GetByteValue() => Fit(Kiota().GetByteValue(), "a number");

    public sbyte? GetSbyteValue() => Fit(Kiota().GetSbyteValue(), "a number");

    public int? GetIntValue() => Fit(Kiota().GetIntValue(), "a number");

    public long? GetLongValue() => Fit(Kiota().GetLongValue(), "a number");

    public float? GetFloatValue() => Fit<float?>(Kiota().GetFloatValue() is float value && float.IsFinite(value) ? value : null, "a number");

    public double? GetDoubleValue() => Fit<double?>(Kiota().GetDoubleValue() is double value && double.IsFinite(value) ? value : null, "a number");

    public decimal? GetDecimalValue() => Fit(Kiota().GetDecimalValue(), "a number");

    public Guid? GetGuidValue() => Fit(Kiota().GetGuidValue(), "a UUID");

    /// <summary>The document's <c>format: date-time</c> is RFC 3339. Kiota also accepts other forms and reads a time
    /// without an offset in the machine's own zone; such a value is kept raw instead of being guessed at.</summary>
    public DateTimeOffset? GetDateTimeOffsetValue() =>
        element.ValueKind == JsonValueKind.String && Rfc3339DateTime().IsMatch(element.GetString()!)
            ? Fit(Kiota().GetDateTimeOffsetValue(), "an RFC 3339 date-time")
            : Fit<DateTimeOffset?>(null, "an RFC 3339 date-time");

    public TimeSpan? GetTimeSpanValue() => Fit(Kiota().GetTimeSpanValue(), "an ISO 8601 duration");

    public Date? GetDateValue() => Fit(Kiota().GetDateValue(), "a date");

    public Time? GetTimeValue() => Fit(Kiota().GetTimeValue(), "a time");

    public byte[]? GetByteArrayValue() => Fit(Kiota().GetByteArrayValue(), "base64 text");

    /// <summary>Only a value spelled as the document lists it (<see cref="EnumWireNames{T}"/>); any other is kept raw, as a
    /// status of a later API version is.</summary>
    public T? GetEnumValue<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>() where T : struct, Enum =>
        Fit(element.ValueKind == JsonValueKind.String && EnumWireNames<T>.Members.TryGetValue(element.GetString()!, out var member) ? member : (T?)null, $"one of the {typeof(T).Name} values");

    public IEnumerable<T?> GetCollectionOfEnumValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>() where T : struct, Enum =>
        Items(item => item.GetEnumValue<T>());

    public IEnumerable<T> GetCollectionOfPrimitiveValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
    {
        var expected = $"an array of {typeof(T).Name} values";
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Misfit(expected);
        }
        List<T> values;
        try
        {
            values = Kiota().GetCollectionOfPrimitiveValues<T>().ToList();
        }
        catch (NullReferenceException)
        {
            // Kiota unboxes an item that did not fit a list of value types (int, bool, ...) as null.
            throw Misfit(expected);
        }
        return values.Any(value => value is null) ? throw Misfit(expected) : values;
    }

    public IEnumerable<T> GetCollectionOfObjectValues<T>(ParsableFactory<T> factory) where T : IParsable =>
        Items(item => item.GetObjectValue(factory));

    public T GetObjectValue<T>(ParsableFactory<T> factory) where T : IParsable
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (typeof(T) == typeof(UntypedNode))
        {
            return (T)(IParsable)Raw(element);
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Misfit("an object");
        }
        var item = factory(this);
        OnBeforeAssignFieldValues?.Invoke(item);
        AssignFieldValues(item);
        OnAfterAssignFieldValues?.Invoke(item);
        return item;
    }

    public IParseNode? GetChildNode(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(identifier, out var child) ? Child(child) : null;
    }

    /// <summary>
    /// The raw value of <paramref name="value"/> as the Kiota nodes it keeps for values it has no model for
    /// (<see cref="UntypedObject"/>, <see cref="UntypedString"/>, …), read here rather than by Kiota so that no number
    /// is lost: Kiota's own read turns 1e308 into a float's infinity, which no JSON writer accepts. An integer is kept as
    /// int or long, another number as decimal, beyond decimal's range or precision as double, and beyond double's range
    /// (1e400) as its text. When a name repeats in an object, the last value counts, as in JavaScript's JSON.parse.
    /// </summary>
    internal static UntypedNode Raw(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => new UntypedObject(value.EnumerateObject().Aggregate(
            new Dictionary<string, UntypedNode>(StringComparer.Ordinal),
            (fields, property) =>
            {
                fields[property.Name] = Raw(property.Value);
                return fields;
            })),
        JsonValueKind.Array => new UntypedArray([.. value.EnumerateArray().Select(Raw)]),
        JsonValueKind.String => new UntypedString(value.GetString()),
        JsonValueKind.True or JsonValueKind.False => new UntypedBoolean(value.GetBoolean()),
        JsonValueKind.Number when value.TryGetInt32(out var number) => new UntypedInteger(number),
        JsonValueKind.Number when value.TryGetInt64(out var number) => new UntypedLong(number),
        // decimal reads 1e-30 as 0; such a number is kept as double.
        JsonValueKind.Number when value.TryGetDecimal(out var number) && (number != 0 || value.GetDouble() == 0) => new UntypedDecimal(number),
        JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number) => new UntypedDouble(number),
        JsonValueKind.Number => new UntypedString(value.GetRawText()),
        _ => new UntypedNull(),
    };

    private void AssignFieldValues(IParsable item)
    {
        var additionalData = item is IAdditionalDataHolder holder ? holder.AdditionalData ??= new Dictionary<string, object>() : null;
        var fields = item.GetFieldDeserializers();
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.TryGetValue(property.Name, out var assign))
            {
                additionalData?.TryAdd(property.Name, Raw(property.Value));
                continue;
            }
            // A null leaves the property unset, as Kiota does: Runway omits fields rather than sending null.
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            try
            {
                assign(Child(property.Value));
            }
            catch (Exception misfit) when (misfit is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException)
            {
                additionalData?.TryAdd(property.Name, Raw(property.Value));
            }
        }
    }

    private List<T> Items<T>(Func<TolerantJsonParseNode, T> read) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Select(item => read(Child(item))).ToList()
            : throw Misfit("an array");

    private T Fit<T>(T value, string expected) => value is null && element.ValueKind != JsonValueKind.Null ? throw Misfit(expected) : value;

    private JsonKindMismatchException Misfit(string expected) => new(expected, element.ValueKind);

    private TolerantJsonParseNode Child(JsonElement value) => new(value)
    {
        OnBeforeAssignFieldValues = OnBeforeAssignFieldValues,
        OnAfterAssignFieldValues = OnAfterAssignFieldValues,
    };

    private JsonParseNode Kiota() => new(element);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339DateTime();
}
