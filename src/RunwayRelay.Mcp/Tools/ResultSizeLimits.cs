using System.Globalization;
using System.Text.Json.Nodes;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Keeps what a relay adds from crowding out the task: hosts refuse a large tool result whole (Claude Code past
/// 25,000 tokens unless <c>MAX_MCP_OUTPUT_TOKENS</c> says otherwise: "MCPContentTooLargeError", anthropics/claude-code
/// #6158), and the agent would lose the status and the videos for the sake of a field it does not need. So a text
/// from the relay is cut at <see cref="MaxTextLength"/> characters, and the unknown fields under <c>extra</c> are held
/// to about <see cref="MaxExtraJsonLength"/> characters of JSON, the largest values going first. Whatever is cut says
/// so where it stood. Video URLs are never cut, since a cut URL is no URL: those past <see cref="MaxOutputLength"/>
/// characters in all are left out, and the text says how many. The relay, and the client library, still have every
/// value whole.
/// </summary>
internal static class ResultSizeLimits
{
    /// <summary>Longest text from the relay passed on whole (a failure, a status, a string under <c>extra</c>).</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>Most characters of JSON under <c>extra</c>, after its long strings are cut.</summary>
    public const int MaxExtraJsonLength = 8_000;

    /// <summary>Most characters of video URLs, all of them together. Runway sends one to four of some hundreds each;
    /// a signed URL of a relay's own storage may be a few thousand.</summary>
    public const int MaxOutputLength = 8_000;

    /// <summary>The URLs of <paramref name="output"/>, in order, as long as they fit in <see cref="MaxOutputLength"/>;
    /// when some do not, <paramref name="shortened"/> says how many are passed on.</summary>
    public static IReadOnlyList<string>? FitOutput(IReadOnlyList<string>? output, List<string> shortened)
    {
        if (output is null)
        {
            return null;
        }
        var (fit, total) = (0, 0);
        foreach (var url in output)
        {
            total += url.Length;
            if (total > MaxOutputLength)
            {
                break;
            }
            fit++;
        }
        if (fit == output.Count)
        {
            return output;
        }
        shortened.Add(string.Create(CultureInfo.InvariantCulture, $"output: {fit:N0} of {output.Count:N0} URLs kept"));
        return [.. output.Take(fit)];
    }

    /// <summary><paramref name="text"/>, cut to <see cref="MaxTextLength"/> with a note of what is left out; the field's
    /// name is added to <paramref name="shortened"/> when it is.</summary>
    public static string? Shorten(string? text, string field, List<string> shortened)
    {
        if (text is null || text.Length <= MaxTextLength)
        {
            return text;
        }
        shortened.Add(field);
        return Cut(text);
    }

    /// <summary>Holds <paramref name="extra"/> to the limits, in place; each top-level field shortened is added to
    /// <paramref name="shortened"/> as <c>extra.name</c>.</summary>
    public static JsonObject? Fit(JsonObject? extra, List<string> shortened)
    {
        if (extra is null)
        {
            return null;
        }
        foreach (var (name, value) in extra.ToList())
        {
            var cut = false;
            ShortenStrings(value, ref cut);
            if (cut)
            {
                shortened.Add($"extra.{name}");
            }
        }
        var total = extra.ToJsonString().Length;
        if (total <= MaxExtraJsonLength)
        {
            return extra;
        }
        var largestFirst = extra
            .Select(field => (Name: field.Key, Length: field.Value?.ToJsonString().Length ?? 4))
            .OrderByDescending(field => field.Length)
            .ToList();
        foreach (var (name, length) in largestFirst)
        {
            if (total <= MaxExtraJsonLength)
            {
                break;
            }
            var note = JsonValue.Create(string.Create(CultureInfo.InvariantCulture, $"[left out here: {length:N0} characters of JSON]"));
            extra[name] = note;
            total -= length - note.ToJsonString().Length;
            if (!shortened.Contains($"extra.{name}"))
            {
                shortened.Add($"extra.{name}");
            }
        }
        if (total <= MaxExtraJsonLength)
        {
            return extra;
        }
        // Thousands of small fields (or very long names) stay too large even as notes: one note stands for them all.
        shortened.RemoveAll(field => field.StartsWith("extra.", StringComparison.Ordinal));
        shortened.Add("extra");
        return new JsonObject { ["leftOut"] = string.Create(CultureInfo.InvariantCulture, $"[{extra.Count:N0} fields the relay sent, left out here: too many to pass on]") };
    }

    // Cuts, in place, every string in node longer than MaxTextLength; cut says whether any was.
    private static void ShortenStrings(JsonNode? node, ref bool cut)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue(out string? text) && text.Length > MaxTextLength:
                // In its parent's place (every value here has one: extra, or an object or array inside it).
                var shorter = JsonValue.Create(Cut(text));
                if (value.Parent is JsonObject owner)
                {
                    owner[value.GetPropertyName()] = shorter;
                }
                else
                {
                    value.Parent!.AsArray()[value.GetElementIndex()] = shorter;
                }
                cut = true;
                break;
            case JsonObject or JsonArray:
                // A copy: replacing a child changes the collection.
                foreach (var child in node is JsonObject inner ? inner.Select(field => field.Value).ToList() : [.. node.AsArray()])
                {
                    ShortenStrings(child, ref cut);
                }
                break;
        }
    }

    private static string Cut(string text)
    {
        // Not between the two halves of a surrogate pair.
        var keep = char.IsHighSurrogate(text[MaxTextLength - 1]) ? MaxTextLength - 1 : MaxTextLength;
        return string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, keep)}… [{text.Length - keep:N0} more characters left out here]");
    }
}
