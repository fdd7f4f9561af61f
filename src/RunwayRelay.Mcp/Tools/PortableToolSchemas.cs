using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RunwayRelay.Mcp.Tools;

/// <summary>
/// Publishes the tools' schemas in the form every host can read. The SDK derives a C# nullable (<c>int?</c>,
/// <c>string?</c>) as <c>"type": ["integer", "null"]</c> with <c>"default": null</c>, but an optional argument of
/// these tools is left out rather than sent as null, and an optional result field is absent, never null. Declaring
/// such a property with its one type says exactly that, and keeps hosts that cannot read a list of types working:
/// Gemini's function declarations refuse them with a 400 for every tool of the session (github/copilot-cli #4623),
/// Claude's Cowork mode dropped such an argument's type and range (anthropics/claude-code #77194), and the MCP
/// Inspector's <c>--strict</c> check reports them.
/// </summary>
internal sealed class PortableToolSchemas
{
    private static readonly AIJsonSchemaTransformOptions Transform = new() { TransformSchemaNode = (_, node) => WithOptionalPropertiesOfOneType(node) };

    private readonly Lock gate = new();
    private readonly HashSet<Tool> rewritten = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many schema rewrites have run: one per tool, however often the server's options are built.</summary>
    public int Rewrites { get; private set; }

    /// <summary>Rewrites the input and output schema of each tool not rewritten before.</summary>
    public void Apply(IEnumerable<McpServerTool>? tools)
    {
        // Stateless HTTP builds McpServerOptions afresh for every request, around the same tool singletons: rewriting
        // them each time would cost every call the schema walk and change what concurrent calls are reading.
        lock (gate)
        {
            foreach (var tool in tools ?? [])
            {
                var definition = tool.ProtocolTool;
                if (!rewritten.Add(definition))
                {
                    continue;
                }
                definition.InputSchema = AIJsonUtilities.TransformSchema(definition.InputSchema, Transform);
                if (definition.OutputSchema is { } output)
                {
                    definition.OutputSchema = AIJsonUtilities.TransformSchema(output, Transform);
                }
                Rewrites++;
            }
        }
    }

    // A property the object does not require: "null" leaves its types, and a default of null goes.
    private static JsonNode WithOptionalPropertiesOfOneType(JsonNode node)
    {
        if (node is not JsonObject schema || schema["properties"] is not JsonObject properties)
        {
            return node;
        }
        var required = (schema["required"] as JsonArray ?? []).Select(name => name?.GetValue<string>()).ToHashSet();
        foreach (var (name, value) in properties)
        {
            if (required.Contains(name) || value is not JsonObject property)
            {
                continue;
            }
            if (property["type"] is JsonArray types && types.Count == 2 && types.SingleOrDefault(t => t?.GetValue<string>() != "null") is { } single)
            {
                property["type"] = single.GetValue<string>();
            }
            if (property.TryGetPropertyValue("default", out var defaultValue) && defaultValue is null)
            {
                property.Remove("default");
            }
        }
        return schema;
    }
}
