using System.Runtime.Serialization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Extensions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client.Tests.Serialization;

/// <summary>
/// A model shaped like Kiota's output that asks a parse node for every kind of value it can read, so the parity
/// tests reach the paths the task model does not use today but a regenerated client may. Primitive lists take
/// nullable types, as Kiota emits them.
/// </summary>
public sealed class EveryValueKind : IParsable, IAdditionalDataHolder
{
    public IDictionary<string, object> AdditionalData { get; set; } = new Dictionary<string, object>();

    public string? Text { get; set; }
    public bool? Flag { get; set; }
    public byte? Byte { get; set; }
    public sbyte? SignedByte { get; set; }
    public int? Count { get; set; }
    public long? Total { get; set; }
    public float? Ratio { get; set; }
    public double? Share { get; set; }
    public decimal? Amount { get; set; }
    public Guid? Identifier { get; set; }
    public DateTimeOffset? Moment { get; set; }
    public TimeSpan? Duration { get; set; }
    public Date? Day { get; set; }
    public Time? TimeOfDay { get; set; }
    public byte[]? Bytes { get; set; }
    public Colour? Colour { get; set; }
    public Access? Access { get; set; }
    public List<string?>? Texts { get; set; }
    public List<int?>? Ints { get; set; }
    public List<double?>? Doubles { get; set; }
    public List<Colour?>? Colours { get; set; }
    public List<EveryValueKind>? Children { get; set; }
    public EveryValueKind? Child { get; set; }
    public UntypedNode? Anything { get; set; }

    public static EveryValueKind Create(IParseNode node) => new();

    public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() => new Dictionary<string, Action<IParseNode>>
    {
        { "text", n => Text = n.GetStringValue() },
        { "flag", n => Flag = n.GetBoolValue() },
        { "byte", n => Byte = n.GetByteValue() },
        { "signedByte", n => SignedByte = n.GetSbyteValue() },
        { "int", n => Count = n.GetIntValue() },
        { "long", n => Total = n.GetLongValue() },
        { "float", n => Ratio = n.GetFloatValue() },
        { "double", n => Share = n.GetDoubleValue() },
        { "decimal", n => Amount = n.GetDecimalValue() },
        { "guid", n => Identifier = n.GetGuidValue() },
        { "moment", n => Moment = n.GetDateTimeOffsetValue() },
        { "duration", n => Duration = n.GetTimeSpanValue() },
        { "day", n => Day = n.GetDateValue() },
        { "timeOfDay", n => TimeOfDay = n.GetTimeValue() },
        { "bytes", n => Bytes = n.GetByteArrayValue() },
        { "colour", n => Colour = n.GetEnumValue<Colour>() },
        { "access", n => Access = n.GetEnumValue<Access>() },
        { "texts", n => Texts = n.GetCollectionOfPrimitiveValues<string?>()?.AsList() },
        { "ints", n => Ints = n.GetCollectionOfPrimitiveValues<int?>()?.AsList() },
        { "doubles", n => Doubles = n.GetCollectionOfPrimitiveValues<double?>()?.AsList() },
        { "colours", n => Colours = n.GetCollectionOfEnumValues<Colour>()?.AsList() },
        { "children", n => Children = n.GetCollectionOfObjectValues(Create)?.AsList() },
        { "child", n => Child = n.GetObjectValue(Create) },
        { "anything", n => Anything = n.GetObjectValue(UntypedNode.CreateFromDiscriminatorValue) },
    };

    public void Serialize(ISerializationWriter writer) => throw new NotSupportedException("Only read in these tests.");
}

/// <summary>Wire values differ from member names, as in the generated <c>TaskStatus</c>.</summary>
public enum Colour
{
    [EnumMember(Value = "DEEP_RED")]
    Red,
    [EnumMember(Value = "green")]
    Green,
    Blue,
}

/// <summary>A flags enum, read from comma-separated wire values.</summary>
[Flags]
public enum Access
{
    [EnumMember(Value = "read")]
    Read = 1,
    [EnumMember(Value = "write")]
    Write = 2,
}
