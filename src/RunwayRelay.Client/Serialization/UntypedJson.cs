using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// Turns the values a model keeps in <c>AdditionalData</c> (Kiota's untyped nodes, or primitives a caller set) back
/// into JSON. Kiota's own writer cannot be used for them: it writes a field whose name is empty as a value without a
/// name, which is no JSON at all, and fails on a float's infinity.
/// </summary>
internal static class UntypedJson
{
    public static JsonNode? ToNode(object? value) => value switch
    {
        null or UntypedNull => null,
        UntypedObject o => new JsonObject(o.GetValue().Select(p => KeyValuePair.Create(p.Key, ToNode(p.Value)))),
        UntypedArray a => new JsonArray(a.GetValue().Select(ToNode).ToArray()),
        UntypedString s => JsonValue.Create(s.GetValue()),
        UntypedBoolean b => JsonValue.Create(b.GetValue()),
        UntypedInteger i => JsonValue.Create(i.GetValue()),
        UntypedLong l => JsonValue.Create(l.GetValue()),
        UntypedDouble d => Number(d.GetValue()),
        UntypedFloat f => Number(f.GetValue()),
        UntypedDecimal m => JsonValue.Create(m.GetValue()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => Number(d),
        float f => Number(f),
        decimal m => JsonValue.Create(m),
        DateTimeOffset t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    // The parse node never makes an infinite number (it keeps 1e400 as text), but a caller's own value may be one,
    // which JSON cannot hold: it is passed on as text ("Infinity") rather than failing the whole result.
    private static JsonValue Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));
}
