using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using RunwayRelay.Client.Serialization;

namespace RunwayRelay.Client.Tests.Serialization;

/// <summary>
/// The client reads bodies with its own parse node (for speed); Kiota's <see cref="JsonParseNode"/> is the
/// reference. Every body below must come out the same from both: same values of the same types, same unknown
/// fields, same callbacks, and the same failures.
/// </summary>
public sealed class RelayJsonParseNodeParityTests
{
    public static TheoryData<string, string> Bodies() => new()
    {
        { "every kind of value", """{"text":"héllo \"q\"","flag":true,"byte":255,"signedByte":-128,"int":-2147483648,"long":9007199254740993,"float":1.5,"double":0.1,"decimal":79228162514264337593543950335,"guid":"2f19d8a7-3b74-4fc4-af42-d0bcadbaec54","moment":"2024-06-27T19:49:32.335Z","duration":"PT1H30M","day":"2024-06-27","timeOfDay":"10:11:12","bytes":"aGVsbG8=","colour":"DEEP_RED","access":"read","texts":["a",null,"c"],"ints":[1,2],"doubles":[0.5,1e10],"colours":["green","Blue"],"children":[{"text":"first"},{"int":2}],"child":{"text":"inner","child":{"flag":false}},"anything":{"a":[1,"x",null,{"b":2.5}],"c":true}}""" },
        { "every field null", """{"text":null,"flag":null,"byte":null,"signedByte":null,"int":null,"long":null,"float":null,"double":null,"decimal":null,"guid":null,"moment":null,"duration":null,"day":null,"timeOfDay":null,"bytes":null,"colour":null,"access":null,"texts":null,"ints":null,"doubles":null,"colours":null,"children":null,"child":null,"anything":null}""" },
        { "values of the wrong kind", """{"text":5,"flag":"true","byte":"1","int":"5","long":true,"double":"1.5","decimal":{},"guid":5,"moment":5,"day":5,"timeOfDay":5,"bytes":5,"texts":"a","ints":{},"children":"x","child":"x","anything":5}""" },
        { "strings in number and string lists", """{"texts":[1,true,"x"],"ints":[1,"2"]}""" },
        { "enum by member name", """{"colour":"Red"}""" },
        { "enum by member name, other casing", """{"colour":"GREEN"}""" },
        { "enum wire value, other casing", """{"colour":"deep_red"}""" },
        { "enum unknown", """{"colour":"PURPLE"}""" },
        { "enum as a number string", """{"colour":"2"}""" },
        { "enum undefined number string", """{"colour":"7"}""" },
        { "enum empty", """{"colour":""}""" },
        { "enum list on a plain enum", """{"colour":"Red,Blue"}""" },
        { "enum as a number", """{"colour":2}""" },
        { "flags, one", """{"access":"write"}""" },
        { "flags, two", """{"access":"read,write"}""" },
        { "flags, one unknown", """{"access":"write,nope"}""" },
        { "enum list with gaps", """{"colours":["DEEP_RED","nope",""]}""" },
        { "byte out of range", """{"byte":256}""" },
        { "sbyte out of range", """{"signedByte":128}""" },
        { "int out of range", """{"int":3000000000}""" },
        { "int with a fraction", """{"int":1.0}""" },
        { "long out of range", """{"long":9223372036854775808}""" },
        { "float out of range", """{"float":1e39}""" },
        { "double out of range", """{"double":1e400}""" },
        { "decimal out of range", """{"decimal":1e40}""" },
        { "moment with an offset", """{"moment":"2024-06-27T19:49:32+02:00"}""" },
        { "moment, date only", """{"moment":"2024-06-27"}""" },
        { "moment, free form", """{"moment":"06/27/2024 10:00"}""" },
        { "moment, words", """{"moment":"27 June 2024"}""" },
        { "moment, garbage", """{"moment":"soon"}""" },
        { "guid in braces", """{"guid":"{2f19d8a7-3b74-4fc4-af42-d0bcadbaec54}"}""" },
        { "guid without dashes", """{"guid":"2f19d8a73b744fc4af42d0bcadbaec54"}""" },
        { "guid empty", """{"guid":""}""" },
        { "guid garbage", """{"guid":"nope"}""" },
        { "day, garbage", """{"day":"nope"}""" },
        { "duration, garbage", """{"duration":"nope"}""" },
        { "bytes, not base64", """{"bytes":"not base64!"}""" },
        { "unknown fields of every kind", """{"when":"2024-06-27T19:49:32Z","whenOffset":"2024-06-27T19:49:32+02:00","id":"2f19d8a7-3b74-4fc4-af42-d0bcadbaec54","n":5,"big":1e30,"huge":1e300,"s":"plain","t":true,"f":false,"z":null,"o":{"a":[1,"x",null,{"b":2.5}]},"arr":[1,2]}""" },
        { "unknown number out of every range", """{"n":1e400}""" },
        { "duplicate fields", """{"text":"one","text":"two","x":1,"x":2}""" },
        { "unknown fields in children", """{"child":{"k":"v"},"children":[{"k":1},5,null]}""" },
        { "an array at the top", """[1,2]""" },
        { "a string at the top", "\"x\"" },
        { "white space around", " \r\n\t{\"text\":\"x\"} \n" },
        { "a byte order mark", "\uFEFF{\"text\":\"x\"}" },
        { "empty body", "" },
        { "only white space", "  " },
        { "cut short", """{"text":"x""" },
        { "two values", "{}{}" },
        { "garbage after the value", "{} x" },
        { "a comment", "/* c */{}" },
        { "a trailing comma", """{"text":"x",}""" },
        { "single quotes", "{'text':'x'}" },
        { "invalid UTF-8", "{\"text\":\"\xC3\x28\"}" },
        { "nesting at the depth limit", new string('[', 64) + new string(']', 64) },
        { "nesting past the depth limit", """{"anything":""" + new string('[', 64) + new string(']', 64) + "}" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Reads_like_kiota(string name, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        var expected = await ReadAsync(new JsonParseNodeFactory(), BufferedBody(bytes));
        var actual = await ReadAsync(new RelayJsonParseNodeFactory(), BufferedBody(bytes));

        Assert.False(string.IsNullOrEmpty(expected), name);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Reads_every_kind_of_stream_alike(string name, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var buffered = await ReadAsync(new RelayJsonParseNodeFactory(), BufferedBody(bytes));

        var fromPublicBuffer = await ReadAsync(new RelayJsonParseNodeFactory(), PositionedMemoryStream(bytes));
        var fromNonSeekable = await ReadAsync(new RelayJsonParseNodeFactory(), NonSeekable(bytes));

        Assert.Equal(buffered, fromPublicBuffer);
        Assert.Equal(buffered, fromNonSeekable);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task The_full_body_reads_every_value_rather_than_failing_alike()
    {
        // Parity alone would pass if both sides threw; the richest body must read through.
        var body = Bodies().Single(row => (string)row.Data.Item1 == "every kind of value").Data.Item2;
        var root = await new RelayJsonParseNodeFactory().GetRootParseNodeAsync("application/json", BufferedBody(Encoding.UTF8.GetBytes(body)), TestContext.Current.CancellationToken);

        var model = root.GetObjectValue(EveryValueKind.Create);

        Assert.Equal("héllo \"q\"", model.Text);
        Assert.Equal(9007199254740993, model.Total);
        Assert.Equal(Colour.Red, model.Colour);
        Assert.Equal([Colour.Green, Colour.Blue], model.Colours!);
        Assert.Equal(new DateTimeOffset(2024, 6, 27, 19, 49, 32, 335, TimeSpan.Zero), model.Moment);
        Assert.Equal(TimeSpan.FromMinutes(90), model.Duration);
        Assert.Equal(new string?[] { "a", null, "c" }, model.Texts!);
        Assert.Equal("inner", model.Child!.Text);
        Assert.False(model.Child.Child!.Flag);
        Assert.Equal(2, model.Children![1].Count);
        Assert.IsType<UntypedObject>(model.Anything);
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_as_kiota_refuses_it()
    {
        // The theory's C# string cannot carry invalid UTF-8; these bytes do.
        byte[] bytes = [.. "{\"text\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var expected = await ReadAsync(new JsonParseNodeFactory(), BufferedBody(bytes));
        var actual = await ReadAsync(new RelayJsonParseNodeFactory(), BufferedBody(bytes));

        Assert.StartsWith("throws", expected, StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Refuses_another_content_type_as_kiota_does()
    {
        var factory = new RelayJsonParseNodeFactory();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => factory.GetRootParseNodeAsync("text/plain", new MemoryStream([]), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentNullException>(() => factory.GetRootParseNodeAsync("", new MemoryStream([]), TestContext.Current.CancellationToken));
        Assert.Equal(new JsonParseNodeFactory().ValidContentType, factory.ValidContentType);
    }

    [Fact]
    public async Task Child_nodes_are_found_as_kiota_finds_them()
    {
        var bytes = """{"a":{"b":[1]},"c":null}"""u8.ToArray();
        var kiota = await new JsonParseNodeFactory().GetRootParseNodeAsync("application/json", BufferedBody(bytes), TestContext.Current.CancellationToken);
        var ours = await new RelayJsonParseNodeFactory().GetRootParseNodeAsync("application/json", BufferedBody(bytes), TestContext.Current.CancellationToken);

        foreach (var name in new[] { "a", "c", "missing", "A" })
        {
            Assert.Equal(kiota.GetChildNode(name) is null, ours.GetChildNode(name) is null);
        }
        Assert.Equal(
            kiota.GetChildNode("a")!.GetChildNode("b")!.GetCollectionOfPrimitiveValues<int?>(),
            ours.GetChildNode("a")!.GetChildNode("b")!.GetCollectionOfPrimitiveValues<int?>());
        Assert.Null(ours.GetChildNode("a")!.GetChildNode("b")!.GetChildNode("0"));
    }

    /// <summary>What a node makes of the body, as text: the model and the callbacks seen, or the failure.</summary>
    private static async Task<string> ReadAsync(IParseNodeFactory factory, Stream body)
    {
        var seen = new StringBuilder();
        try
        {
            var root = await factory.GetRootParseNodeAsync("application/json", body, TestContext.Current.CancellationToken);
            root.OnBeforeAssignFieldValues = item => seen.Append($"before {Describe(item, shallow: true)}; ");
            root.OnAfterAssignFieldValues = item => seen.Append($"after {Describe(item, shallow: true)}; ");
            var model = root.GetObjectValue(EveryValueKind.Create);
            return $"{Describe(model)}\ncallbacks: {seen}";
        }
        catch (Exception error)
        {
            // Kiota's document parser throws an internal subtype of JsonException; the kind is what callers catch.
            var kind = error is JsonException ? nameof(JsonException) : error.GetType().Name;
            return $"throws {kind}\ncallbacks: {seen}";
        }
    }

    private static string Describe(object? value, bool shallow = false) => value switch
    {
        null => "null",
        string text => JsonSerializer.Serialize(text),
        byte[] bytes => "bytes:" + Convert.ToBase64String(bytes),
        DateTime moment => $"DateTime:{moment:o}/{moment.Kind}",
        DateTimeOffset moment => $"DateTimeOffset:{moment:o}",
        UntypedNode untyped => "untyped:" + Write(untyped),
        EveryValueKind model when shallow => $"{nameof(EveryValueKind)}({model.Text})",
        EveryValueKind model => DescribeModel(model),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(item => Describe(item))) + "]",
        IFormattable formattable => $"{value.GetType().Name}:{formattable.ToString(null, CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name}:{value}",
    };

    private static string DescribeModel(EveryValueKind model)
    {
        var fields = typeof(EveryValueKind).GetProperties()
            .Where(p => p.Name != nameof(EveryValueKind.AdditionalData))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Describe(p.GetValue(model))}");
        var extra = model.AdditionalData
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"+{e.Key}={Describe(e.Value)}");
        return "{" + string.Join(", ", fields.Concat(extra)) + "}";
    }

    private static string Write(UntypedNode node)
    {
        using var writer = new JsonSerializationWriter();
        writer.WriteObjectValue(null, node);
        using var reader = new StreamReader(writer.GetSerializedContent());
        return reader.ReadToEnd();
    }

    /// <summary>The stream the request adapter hands over: the client's bounded body is a <see cref="ByteArrayContent"/>.</summary>
    private static Stream BufferedBody(byte[] bytes) => new ByteArrayContent(bytes).ReadAsStream();

    private static MemoryStream PositionedMemoryStream(byte[] bytes)
    {
        var stream = new MemoryStream();
        stream.Write("skipped"u8);
        stream.Write(bytes);
        stream.Position = "skipped"u8.Length;
        return stream;
    }

    private static GZipStream NonSeekable(byte[] bytes)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        compressed.Position = 0;
        return new GZipStream(compressed, CompressionMode.Decompress);
    }
}
