using Json.Schema;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// The output schemas a server publishes in <c>tools/list</c>, checking results as MCP clients do: the TypeScript SDK's
/// client refuses a successful result whose <c>structuredContent</c> does not match its tool's output schema, so a
/// field sent as null where the schema says a number, or of another type, fails the whole call on the host.
/// </summary>
internal sealed class PublishedOutputSchemas
{
    private readonly Dictionary<string, JsonSchema> schemas;

    private PublishedOutputSchemas(Dictionary<string, JsonSchema> schemas) => this.schemas = schemas;

    public static async Task<PublishedOutputSchemas> ReadAsync(McpClient client)
    {
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return new(tools.Where(t => t.ProtocolTool.OutputSchema is not null).ToDictionary(
            t => t.Name,
            t => JsonSchema.Build(t.ProtocolTool.OutputSchema!.Value, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://tools.test/{t.Name}"))));
    }

    /// <summary>Where a successful result's structured content breaks its tool's schema; nothing for an error result.</summary>
    public IReadOnlyList<string> Problems(string tool, CallToolResult result)
    {
        if (result.IsError == true)
        {
            return [];
        }
        if (result.StructuredContent is not { } content)
        {
            return [$"{tool}: a result without structuredContent"];
        }
        var evaluation = schemas[tool].Evaluate(content, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return evaluation.IsValid
            ? []
            : [.. (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{tool}: {d.InstanceLocation} {e.Key}: {e.Value}"))];
    }
}
