// The tasks extension (SEP-2663) driven by a third-party requester, as a host that supports it would: the MCP
// TypeScript SDK's client (2.4, on the 2026-07-28 revision) with @modelcontextprotocol/ext-tasks's task session, which
// decides from each answer whether to poll, honours pollIntervalMs and reads the result out of the completed task.
// Starts the server (sandbox, Streamable HTTP, 1-second lifecycle steps and polls) and checks: a running generation
// becomes a task polled to SUCCEEDED, a failing one to FAILED, a finished one is answered at once without a task,
// and cancelling a task is acknowledged. Bounded: every wait has a timeout, and the run stops by itself.
// Run from the repository root:
//   node tests/RunwayRelay.TasksClientTest/tasks-client-test.mjs --server <RunwayRelay.Mcp.dll, or the Native AOT binary>
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { checks, ciPackageDirectory, freePort, importCi, startServer } from "../NodeChecks/server-under-test.mjs";

// ext-tasks exports ES modules only, which require.resolve cannot see: its export map names the file.
const importCiModule = (name, subpath) => {
  const dir = ciPackageDirectory(name);
  const target = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).exports[subpath].import;
  return import(pathToFileURL(path.join(dir, target)).href);
};
const { Client, StreamableHTTPClientTransport } = await importCi("@modelcontextprotocol/client");
const { createTaskSessionFromClient, resultFromTaskOutcome } = await importCiModule("@modelcontextprotocol/ext-tasks", "./client");

const TASKS = "io.modelcontextprotocol/tasks";
const REVISION = "2026-07-28";
const { check, finish } = checks();

const port = await freePort();
const endpoint = `http://127.0.0.1:${port}/mcp`;
const server = startServer(["--sandbox", "--http", `--Server:Urls=http://127.0.0.1:${port}`, "--Sandbox:StepSeconds=1", "--Wait:PollIntervalSeconds=1", "--Wait:JitterSeconds=0"]);
const deadline = setTimeout(() => { console.error(`tasks client test: over its 120 s bound, stopping\n${server.log()}`); server.kill(); process.exit(1); }, 120_000);

// The requester sends task traffic through a host-owned raw path (the SDK client's typed codecs do not know task
// results): this one POSTs each request with the revision's headers, Mcp-Name included, and counts what it sent.
const sent = [];
let nextId = 1;
const rawDispatch = async (body, options) => {
  const request = { jsonrpc: "2.0", id: nextId++, ...body };
  sent.push(request.method);
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": REVISION, "mcp-method": request.method };
  const name = request.params?.taskId ?? request.params?.name;
  if (name) headers["mcp-name"] = name;
  const response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify(request), signal: options?.signal ?? AbortSignal.timeout(30_000) });
  const text = await response.text();
  return response.headers.get("content-type")?.startsWith("text/event-stream")
    ? JSON.parse(text.split("\n").find((line) => line.startsWith("data: ")).slice("data: ".length))
    : JSON.parse(text);
};

const capabilities = { extensions: { [TASKS]: {} } };
const client = new Client({ name: "tasks-client-test", version: "1.0.0" }, { capabilities, versionNegotiation: { mode: "auto" } });
let session;
try {
  for (let attempt = 0; ; attempt++) {
    try { await client.connect(new StreamableHTTPClientTransport(new URL(endpoint))); break; }
    catch (error) { if (attempt > 100) throw new Error(`server did not start: ${error.message}\n${server.log()}`); await new Promise((r) => setTimeout(r, 200)); }
  }
  check("the client speaks 2026-07-28 with the server", client.getNegotiatedProtocolVersion() === REVISION, client.getNegotiatedProtocolVersion());
  check("the server declares the tasks extension", TASKS in (client.getServerCapabilities()?.extensions ?? {}));

  session = createTaskSessionFromClient(client, {
    endpointId: "runway-relay", rawDispatch,
    v2RequestFraming: { protocolVersion: REVISION, clientInfo: { name: "tasks-client-test", version: "1.0.0" }, clientCapabilities: capabilities },
  });
  const follow = async (taskId) => {
    const before = sent.length;
    const execution = await session.callTool("wait_for_video_task", { task_id: taskId });
    const { outcome } = await execution.settle();
    return { outcome, methods: sent.slice(before) };
  };

  for (const [taskId, status] of [["demo-success-interop", "SUCCEEDED"], ["demo-failure-interop", "FAILED"]]) {
    const { outcome, methods } = await follow(taskId);
    const result = outcome.status === "completed" ? resultFromTaskOutcome(outcome) : undefined;
    const polls = methods.filter((m) => m === "tasks/get").length;
    check(`${taskId}: a task, polled to its result`, outcome.status === "completed" && polls >= 2, `${outcome.status} after ${polls} polls`);
    check(`${taskId}: the result is the tool's, ${status}`, result?.structuredContent?.status === status && result?.structuredContent?.id === taskId,
      JSON.stringify(result?.structuredContent ?? outcome).slice(0, 200));
  }

  const { outcome: instant, methods: instantMethods } = await follow("demo-instant-interop");
  check("demo-instant-interop: already ended, answered at once without a task",
    instant.status === "completed" && !instantMethods.includes("tasks/get") && resultFromTaskOutcome(instant)?.structuredContent?.status === "SUCCEEDED",
    `${instant.status}, sent ${instantMethods.join(" ")}`);

  const running = await session.callTool("wait_for_video_task", { task_id: "demo-never-ends-interop" });
  const before = sent.length;
  await running.cancel(AbortSignal.timeout(30_000));
  check("cancelling a task sends tasks/cancel, which the server acknowledges", sent.slice(before).includes("tasks/cancel"), sent.slice(before).join(" "));
  check("the server logged it and cancelled nothing at Runway", await server.logShows(/tasks\/cancel video-task:demo-never-ends-interop: the client stopped following it/));
} catch (error) {
  check("the run", false, `${error.stack ?? error}\n${server.log()}`);
} finally {
  await session?.close().catch(() => {});
  await client.close().catch(() => {});
  server.kill();
  clearTimeout(deadline);
}
finish("tasks client");
