using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Mcp.Tools;

/// <summary>Turns the values Kiota keeps in <c>AdditionalData</c> (untyped nodes and primitives) back into JSON.</summary>
internal static class AdditionalDataJson
{
    public static JsonObject? ToJsonObject(IDictionary<string, object> data, params string[] skip)
    {
        JsonObject? result = null;
        foreach (var (name, value) in data)
        {
            if (skip.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }
            (result ??= [])[name] = ToNode(value);
        }
        return result;
    }

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

    // Kiota reads a number beyond double's range inside an unknown object (1e400) as infinity, which JSON cannot hold:
    // it is passed on as text ("Infinity") rather than failing the whole result.
    private static JsonValue Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));
}
