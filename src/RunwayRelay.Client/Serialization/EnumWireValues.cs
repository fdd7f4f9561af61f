using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Serialization;
using Microsoft.Kiota.Abstractions.Helpers;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// The wire value of each member of a Kiota-generated enum (its <c>[EnumMember(Value = …)]</c>), looked up once per
/// type. Kiota's own lookup reflects over the enum's fields on every value it reads; a task carries one status per
/// poll, so that cost sat on every call. A value missing from the table goes to Kiota's lookup, so names in other
/// casing, numbers and flag lists read exactly as Kiota reads them.
/// </summary>
internal static class EnumWireValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>
    where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByWireValue = Build();

    public static T? Parse(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }
        return ByWireValue.TryGetValue(raw, out var value) ? value : EnumHelpers.GetEnumValue<T>(raw);
    }

    private static Dictionary<string, T> Build()
    {
        var fields = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static);
        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        // Declared wire values win over member names, as in Kiota's lookup.
        foreach (var field in fields)
        {
            if (field.GetCustomAttribute<EnumMemberAttribute>()?.Value is { } wire)
            {
                values.TryAdd(wire, (T)field.GetValue(null)!);
            }
        }
        foreach (var field in fields)
        {
            values.TryAdd(field.Name, (T)field.GetValue(null)!);
        }
        return values;
    }
}
