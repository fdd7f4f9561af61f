// The floor for the comparison: an MCP server over stdio whose one tool answers at once, with no relay behind it.
// Its cold start and per-call times are what the client and the protocol cost by themselves.
import path from "node:path";
import { pathToFileURL } from "node:url";

const sdk = path.join(process.cwd(), ".ci", "node_modules", "@modelcontextprotocol", "sdk", "dist", "esm", "server");
const { McpServer } = await import(pathToFileURL(path.join(sdk, "mcp.js")).href);
const { StdioServerTransport } = await import(pathToFileURL(path.join(sdk, "stdio.js")).href);

const server = new McpServer({ name: "do-nothing", version: "1.0.0" });
server.registerTool("get_video_task", { description: "Answers at once." }, async () => ({ content: [{ type: "text", text: "SUCCEEDED" }] }));
await server.connect(new StdioServerTransport());
