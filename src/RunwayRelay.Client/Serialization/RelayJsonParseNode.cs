using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Reads the generated models from a <see cref="JsonElement"/> with the same results as Kiota's
/// <see cref="JsonParseNode"/>, at a fraction of its cost on the values relays send: strings, numbers, the
/// <c>createdAt</c> timestamp and the status enum are read straight from the element instead of through a
/// serializer call or a reflection scan each. Rare types (dates, times, durations, GUIDs in odd forms, untyped
/// values, flag lists) are handed to Kiota's own node, so their semantics cannot drift. Parity with Kiota is
/// checked by tests over every value type and every recorded relay answer.
/// </summary>
internal sealed class RelayJsonParseNode(JsonElement element) : IParseNode
{
    public Action<IParsable>? OnBeforeAssignFieldValues { get; set; }

    public Action<IParsable>? OnAfterAssignFieldValues { get; set; }

    public string? GetStringValue() => ReadString(element);

    public bool? GetBoolValue() => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public byte? GetByteValue() => element.ValueKind == JsonValueKind.Number ? element.TryGetByte(out var value) ? value : throw OutOfRange<byte>() : null;

    public sbyte? GetSbyteValue() => element.ValueKind == JsonValueKind.Number ? element.TryGetSByte(out var value) ? value : throw OutOfRange<sbyte>() : null;

    public int? GetIntValue() => element.ValueKind == JsonValueKind.Number ? element.TryGetInt32(out var value) ? value : throw OutOfRange<int>() : null;

    public long? GetLongValue() => element.ValueKind == JsonValueKind.Number ? element.TryGetInt64(out var value) ? value : throw OutOfRange<long>() : null;

    public float? GetFloatValue() => element.ValueKind == JsonValueKind.Number ? element.TryGetSingle(out var value) ? value : throw OutOfRange<float>() : null;

    public double? GetDoubleValue() => element.ValueKind == JsonValueKind.Number ? element.TryGetDouble(out var value) ? value : throw OutOfRange<double>() : null;

    public decimal? GetDecimalValue() => element.ValueKind == JsonValueKind.Number ? element.TryGetDecimal(out var value) ? value : throw OutOfRange<decimal>() : null;

    public Guid? GetGuidValue() => element.ValueKind == JsonValueKind.String && element.TryGetGuid(out var value) ? value : Kiota().GetGuidValue();

    public DateTimeOffset? GetDateTimeOffsetValue() =>
        element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var value) ? value : Kiota().GetDateTimeOffsetValue();

    public TimeSpan? GetTimeSpanValue() => Kiota().GetTimeSpanValue();

    public Date? GetDateValue() => Kiota().GetDateValue();

    public Time? GetTimeValue() => Kiota().GetTimeValue();

    public byte[]? GetByteArrayValue() => Kiota().GetByteArrayValue();

    // GetString() throws on a number or an object, as Kiota's node does: the generated code asked for an enum.
    public T? GetEnumValue<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>() where T : struct, Enum =>
        EnumWireValues<T>.Parse(element.GetString());

    public IEnumerable<T?> GetCollectionOfEnumValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>() where T : struct, Enum =>
        ReadArray(static item => EnumWireValues<T>.Parse(item.GetString()));

    public IEnumerable<T> GetCollectionOfPrimitiveValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
    {
        // Output URLs are the one collection a task carries; everything else reads as Kiota reads it.
        if (typeof(T) != typeof(string))
        {
            return Kiota().GetCollectionOfPrimitiveValues<T>();
        }
        return (IEnumerable<T>)(object)ReadArray(static item => ReadString(item));
    }

    public IEnumerable<T> GetCollectionOfObjectValues<T>(ParsableFactory<T> factory) where T : IParsable =>
        ReadArray(item => Child(item).GetObjectValue(factory));

    public T GetObjectValue<T>(ParsableFactory<T> factory) where T : IParsable
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (typeof(T) == typeof(UntypedNode))
        {
            return Kiota().GetObjectValue(factory);
        }
        var item = factory(this);
        OnBeforeAssignFieldValues?.Invoke(item);
        if (element.ValueKind == JsonValueKind.Object)
        {
            AssignFieldValues(item);
        }
        OnAfterAssignFieldValues?.Invoke(item);
        return item;
    }

    public IParseNode? GetChildNode(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(identifier, out var child) ? Child(child) : null;
    }

    private void AssignFieldValues(IParsable item)
    {
        IDictionary<string, object>? additionalData = null;
        if (item is IAdditionalDataHolder holder)
        {
            additionalData = holder.AdditionalData ??= new Dictionary<string, object>();
        }
        var fields = item.GetFieldDeserializers();
        foreach (var property in element.EnumerateObject())
        {
            if (fields.TryGetValue(property.Name, out var assign))
            {
                // A null leaves the property unset, as in Kiota.
                if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    assign(Child(property.Value));
                }
            }
            else
            {
                additionalData?.TryAdd(property.Name, AdditionalValue(property.Value)!);
            }
        }
    }

    /// <summary>An unknown field's value, typed the way Kiota types it, so that callers see the same objects.</summary>
    private static object? AdditionalValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.TryGetDateTime(out var dateTime) => dateTime,
        JsonValueKind.String when value.TryGetDateTimeOffset(out var dateTimeOffset) => dateTimeOffset,
        JsonValueKind.String when value.TryGetGuid(out var guid) => guid,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
        JsonValueKind.Number when value.TryGetDouble(out var number) => number,
        JsonValueKind.Number => throw new InvalidOperationException("A number in an unknown field is out of range."),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array or JsonValueKind.Object => new JsonParseNode(value).GetObjectValue(UntypedNode.CreateFromDiscriminatorValue),
        _ => null,
    };

    /// <summary>Each item of an array, read at once (the generated code makes a list of it anyway); none for a non-array, as in Kiota.</summary>
    private List<TItem> ReadArray<TItem>(Func<JsonElement, TItem> read)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var values = new List<TItem>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            values.Add(read(item));
        }
        return values;
    }

    private static string? ReadString(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException invalid)
        {
            // Invalid UTF-8 inside the string: Kiota reports it as a JSON error, and callers catch that.
            throw new JsonException(invalid.Message, invalid);
        }
    }

    private RelayJsonParseNode Child(JsonElement value) => new(value)
    {
        OnBeforeAssignFieldValues = OnBeforeAssignFieldValues,
        OnAfterAssignFieldValues = OnAfterAssignFieldValues,
    };

    private JsonParseNode Kiota() => new(element)
    {
        OnBeforeAssignFieldValues = OnBeforeAssignFieldValues,
        OnAfterAssignFieldValues = OnAfterAssignFieldValues,
    };

    private static JsonException OutOfRange<T>() => new($"The JSON number does not fit a {typeof(T).Name}.");
}
