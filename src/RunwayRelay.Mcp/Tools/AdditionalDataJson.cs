using System.Text.Json.Nodes;
using RunwayRelay.Client.Serialization;

namespace RunwayRelay.Mcp.Tools;

/// <summary>A model's <c>AdditionalData</c> as one JSON object, leaving out the fields the view already shows.</summary>
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
            (result ??= [])[name] = UntypedJson.ToNode(value);
        }
        return result;
    }
}
