using System.Text;
using System.Text.Json;

namespace RunwayRelay.Benchmarks;

/// <summary>
/// The floor for a whole tool call: an MCP server over stdio that does nothing but the one relay GET per call, on
/// one thread with no hops: read a line, send the GET (HttpClient, kept-alive connection, as our server sends it),
/// write the relay's body back as the result's text. No SDK, no argument checks, no result shaping, no logging.
/// A .NET server that reads the relay on each call answers no faster than this, so the comparison reads our calls/s
/// against it as well as against the peer.
/// </summary>
internal static class OneGetServerFloor
{
    public static int Run(string[] args)
    {
        if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var relay))
        {
            Console.Error.WriteLine("usage: one-get-server <relay base URL>");
            return 2;
        }
        var tasks = new Uri(relay, "/runwayml/v1/tasks/");
        using var client = SandboxHttpClient.Create();
        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        using var output = Console.OpenStandardOutput();
        using var buffer = new MemoryStream();
        while (input.ReadLine() is { } line)
        {
            using var request = JsonDocument.Parse(line);
            var message = request.RootElement;
            if (!message.TryGetProperty("id", out var id))
            {
                continue; // a notification: nothing to answer
            }
            buffer.SetLength(0);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc", "2.0");
                writer.WritePropertyName("id");
                id.WriteTo(writer);
                writer.WriteStartObject("result");
                WriteResult(writer, message, client, tasks);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            output.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        return 0;
    }

    private static void WriteResult(Utf8JsonWriter writer, JsonElement message, HttpClient client, Uri tasks)
    {
        switch (message.GetProperty("method").GetString())
        {
            case "initialize":
                writer.WriteString("protocolVersion", message.GetProperty("params").GetProperty("protocolVersion").GetString());
                writer.WriteStartObject("capabilities");
                writer.WriteStartObject("tools");
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteStartObject("serverInfo");
                writer.WriteString("name", "one-get");
                writer.WriteString("version", "1.0.0");
                writer.WriteEndObject();
                break;
            case "tools/list":
                writer.WriteStartArray("tools");
                writer.WriteStartObject();
                writer.WriteString("name", "get_video_task");
                writer.WriteStartObject("inputSchema");
                writer.WriteString("type", "object");
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                break;
            case "tools/call":
                var taskId = message.GetProperty("params").GetProperty("arguments").GetProperty("task_id").GetString();
                using (var get = new HttpRequestMessage(HttpMethod.Get, new Uri(tasks, Uri.EscapeDataString(taskId ?? ""))))
                using (var response = client.Send(get))
                using (var body = new StreamReader(response.Content.ReadAsStream()))
                {
                    writer.WriteStartArray("content");
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", body.ReadToEnd());
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteBoolean("isError", !response.IsSuccessStatusCode);
                }
                break;
        }
    }
}
