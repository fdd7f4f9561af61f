using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RunwayRelay.Mcp.McpTasks;

namespace RunwayRelay.Mcp.Protocol;

/// <summary>
/// Checks the params of the requests this server answers against the types the MCP specification gives them, before
/// the SDK reads them: a value of the wrong type there is the SDK's -32603 "An error occurred." (a server fault, to
/// the caller, and no word on what was wrong), here a -32602 naming the field, what it must be and what it was; a tool,
/// prompt or resource this server does not have is named with those it has. One client mistake is forgiven: tool and prompt
/// <c>arguments</c> sent as a string that holds the JSON object (a known bridge bug: justrach/codegraff2 #141,
/// XiaomiMiMo/MiMo-Code #1658) are read as that object.
/// </summary>
internal static partial class RequestParamsCheck
{
    private const string AnObject = "an object";
    private const string AString = "a string";

    // Declared before the table that uses them: static fields are set in the order they are written.
    private static readonly (string Field, string Must, bool Required) TaskId = ("taskId", "the task id a tool call answered with, a string", true);
    private static readonly (string Field, string Must, bool Required) ResourceUri = ("uri", "the resource's URI, a string", true);

    private const string PromptRef = "ref/prompt";
    private const string ResourceRef = "ref/resource";

    // The eight levels of the specification (RFC 5424's), lowercase, as logging/setLevel takes them.
    private static readonly string[] LogLevels = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

    // The params each method's handler reads, as the specification types them: (field, what it must be, required).
    private static readonly Dictionary<string, (string Field, string Must, bool Required)[]> Fields = new(StringComparer.Ordinal)
    {
        // A client that leaves out clientInfo.version (Insomnia: csharp-sdk #788) otherwise gets "An error occurred.".
        [RequestMethods.Initialize] =
        [
            ("protocolVersion", "the revision the client speaks, a string such as 2025-11-25", true),
            ("capabilities", "an object of the client's capabilities, empty when it has none", true),
            ("clientInfo", "an object with the client's name and version", true),
            ("clientInfo.name", AString, true),
            ("clientInfo.version", AString, true),
        ],
        [RequestMethods.ToolsCall] = [("name", "the tool's name, a string", true), ("arguments", "an object of argument names and values", false)],
        [RequestMethods.PromptsGet] = [("name", "the prompt's name, a string", true), ("arguments", "an object of argument names and string values", false)],
        [RequestMethods.ResourcesRead] = [ResourceUri],
        [RequestMethods.ResourcesSubscribe] = [ResourceUri],
        [RequestMethods.ResourcesUnsubscribe] = [ResourceUri],
        [RequestMethods.ToolsList] = [("cursor", AString, false)],
        [RequestMethods.PromptsList] = [("cursor", AString, false)],
        [RequestMethods.ResourcesList] = [("cursor", AString, false)],
        [RequestMethods.ResourcesTemplatesList] = [("cursor", AString, false)],
        // ref.name or ref.uri, whichever its type needs, is checked with the prompt or template it names.
        [RequestMethods.CompletionComplete] =
        [
            ("ref", "an object: the prompt ({\"type\":\"ref/prompt\",\"name\":...}) or resource template ({\"type\":\"ref/resource\",\"uri\":...}) whose argument is typed", true),
            ("ref.type", $"{PromptRef} or {ResourceRef}", true),
            ("ref.name", AString, false),
            ("ref.uri", AString, false),
            ("argument", "an object with the argument's name and the value typed so far", true),
            ("argument.name", AString, true),
            ("argument.value", AString, true),
            ("context", "an object of the arguments already given", false),
        ],
        [McpTasksExtension.GetMethod] = [TaskId],
        [McpTasksExtension.CancelMethod] = [TaskId],
        [McpTasksExtension.UpdateMethod] = [TaskId],
        // Spelled out: the SDK marks RequestMethods.LoggingSetLevel obsolete (2026-07-28 deprecates the method, SEP-2577),
        // but it still answers the clients of earlier revisions, which send it.
        ["logging/setLevel"] = [("level", $"one of {string.Join(", ", LogLevels)}", true)],
    };

    public static McpMessageHandler Filter(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest request && Fields.TryGetValue(request.Method, out var fields)
            // From 2026-07-28 on there is no initialize: the SDK answers it as a method not found, whatever its params.
            && !(request.Method == RequestMethods.Initialize && ProtocolRevision.IsJuly2026OrLater(request, context.Server)))
        {
            if (request.Method == RequestMethods.CompletionComplete && context.Server.ServerOptions.Handlers.CompleteHandler is null)
            {
                Refuse(context, request.Method, "no completions without the sandbox", $"Method '{request.Method}' is not available: this server "
                    + "declares no completions, as a relay has no list of task ids to suggest (it suggests the sandbox's, with --sandbox).", McpErrorCode.MethodNotFound);
            }
            if (request.Method is RequestMethods.ToolsCall or RequestMethods.PromptsGet)
            {
                DecodeArguments(request.Params);
            }
            if (Problem(request, fields) is { } problem)
            {
                Refuse(context, request.Method, problem, $"Invalid params for {request.Method}: {problem}", McpErrorCode.InvalidParams);
            }
            if (Unknown(request, context.Server.ServerOptions) is { } unknown)
            {
                if (request.Method == RequestMethods.ResourcesRead)
                {
                    Refuse(context, request.Method, unknown, ResourceNotFound.Create($"Resource not found: {unknown}", request.Params!["uri"]!.GetValue<string>(), request, context.Server));
                }
                Refuse(context, request.Method, unknown, $"Invalid params for {request.Method}: {unknown}", McpErrorCode.InvalidParams);
            }
        }
        return next(context, cancellationToken);
    };

    /// <summary>Answers the request with a protocol error before the SDK sees it: one warning line with
    /// <paramref name="reason"/> (never a value the caller sent), instead of the SDK's error and warning with stack traces.</summary>
    [DoesNotReturn]
    public static void Refuse(MessageContext context, string method, string reason, string message, McpErrorCode code) =>
        Refuse(context, method, reason, new McpProtocolException(message, code));

    /// <summary>As the overload above, with the protocol error to answer.</summary>
    [DoesNotReturn]
    public static void Refuse(MessageContext context, string method, string reason, McpProtocolException error)
    {
        if (context.Services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(RequestParamsCheck)) is { } logger)
        {
            Refused(logger, method, reason);
        }
        throw error;
    }

    private static string? Problem(JsonRpcRequest request, (string Field, string Must, bool Required)[] fields)
    {
        if (request.Params is null)
        {
            return fields.FirstOrDefault(f => f.Required) is { Field: not null } required ? $"params.{required.Field} is required: {required.Must}." : null;
        }
        if (request.Params is not JsonObject parameters)
        {
            return $"params must be {AnObject}; it was {Kind(request.Params)}.";
        }
        if (parameters.TryGetPropertyValue("_meta", out var meta) && meta is not (null or JsonObject))
        {
            return $"params._meta must be {AnObject}; it was {Kind(meta)}.";
        }
        foreach (var (field, must, required) in fields)
        {
            // A dotted field lies inside one checked before it: its parent is an object by now, or absent.
            var value = field.Split('.').Aggregate<string, JsonNode?>(parameters, (parent, name) => parent?[name]);
            if (value is null)
            {
                if (required)
                {
                    return $"params.{field} is required: {must}.";
                }
                continue;
            }
            if (!Fits(field, value!))
            {
                // A level of another name is a string too: say so, still without the value.
                var was = field is "level" or "ref.type" && value!.GetValueKind() == JsonValueKind.String ? "another string" : Kind(value);
                return $"params.{field} must be {must}; it was {was}.";
            }
        }
        return null;
    }

    // A tool, prompt or resource this server does not have: the SDK's refusal logs two stack traces for a model's slip.
    private static string? Unknown(JsonRpcRequest request, McpServerOptions options) => request.Method switch
    {
        RequestMethods.ToolsCall => Unknown(options.ToolCollection, "tool", request.Params, "name", HasNamed),
        RequestMethods.PromptsGet => Unknown(options.PromptCollection, "prompt", request.Params, "name", HasNamed),
        RequestMethods.ResourcesRead => Unknown(options.ResourceCollection, "resource", request.Params, "uri", Serves),
        RequestMethods.CompletionComplete => request.Params!["ref"] is var reference && reference!["type"]!.GetValue<string>() == PromptRef
            ? Required(reference, "name", PromptRef) ?? Unknown(options.PromptCollection, "prompt", reference, "name", HasNamed)
            // A template as listed, or a URI of it.
            : Required(reference, "uri", ResourceRef) ?? Unknown(options.ResourceCollection, "resource", reference, "uri",
                (resources, uri) => resources.Any(resource => resource.ProtocolResourceTemplate.UriTemplate == uri) || Serves(resources, uri)),
        _ => null,
    };

    private static bool HasNamed<T>(McpServerPrimitiveCollection<T> primitives, string name)
        where T : IMcpServerPrimitive => primitives.TryGetPrimitive(name, out _);

    private static bool Serves(McpServerPrimitiveCollection<McpServerResource> resources, string uri) => resources.Any(resource => resource.IsMatch(uri));

    private static string? Required(JsonNode? reference, string field, string type) =>
        reference?[field] is null ? $"params.ref.{field} is required for {type}." : null;

    private static string? Unknown<T>(McpServerPrimitiveCollection<T>? known, string what, JsonNode? holder, string field, Func<McpServerPrimitiveCollection<T>, string, bool> has)
        where T : IMcpServerPrimitive
    {
        if (known is null || holder?[field]?.GetValue<string>() is not { } sent || has(known, sent))
        {
            return null;
        }
        return $"there is no {what} by that {(field == "uri" ? "URI" : field)}; this server's {what}s: {string.Join(", ", known.Select(primitive => primitive.Id))}.";
    }

    private static bool Fits(string field, JsonNode value) => field switch
    {
        "arguments" or "capabilities" or "clientInfo" or "ref" or "argument" or "context" => value is JsonObject,
        "level" => value.GetValueKind() == JsonValueKind.String && LogLevels.Contains(value.GetValue<string>(), StringComparer.Ordinal),
        "ref.type" => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is PromptRef or ResourceRef,
        _ => value.GetValueKind() == JsonValueKind.String,
    };

    // Arguments sent as a string that is a whole JSON object, as some bridges send them, become that object; anything
    // else stays as it came, for the check to name.
    private static void DecodeArguments(JsonNode? parameters)
    {
        if (parameters is not JsonObject call || call["arguments"] is not JsonValue arguments || arguments.GetValueKind() != JsonValueKind.String
            || arguments.GetValue<string>().TrimStart() is not ['{', ..] text)
        {
            return;
        }
        try
        {
            if (JsonNode.Parse(text) is JsonObject decoded)
            {
                call["arguments"] = decoded;
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: named by the check as a string.
        }
    }

    // The kind only, never the value: a caller may put anything there, a key included.
    private static string Kind(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => AString,
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => AnObject,
        _ => "null",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method}: {Problem}")]
    private static partial void Refused(ILogger logger, string method, string problem);
}
