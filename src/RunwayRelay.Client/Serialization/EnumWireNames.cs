using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Serialization;

namespace RunwayRelay.Client.Serialization;

/// <summary>
/// The members of a generated enum by the values the OpenAPI document lists for them (Kiota puts each on its member as
/// <see cref="EnumMemberAttribute"/>), matched exactly and read once per enum. Kiota's own read goes through
/// <c>Enum.TryParse</c>, which also takes a member's number, any case, surrounding spaces and a comma-separated list:
/// a relay's status code <c>"3"</c> would read as <c>SUCCEEDED</c>, and <c>"7"</c> as a member that does not exist.
/// </summary>
internal static class EnumWireNames<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>
    where T : struct, Enum
{
    public static FrozenDictionary<string, T> Members { get; } = Enum.GetValues<T>().ToFrozenDictionary(
        member => typeof(T).GetField(member.ToString())?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? member.ToString(),
        StringComparer.Ordinal);
}
