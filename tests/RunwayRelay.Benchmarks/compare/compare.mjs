// Side-by-side comparison, one run, interleaved, all on 127.0.0.1: our server (Native AOT and JIT builds) and
// @ivotoby/openapi-mcp-server serving our openapi/ document, against the same sandbox relay, each driven by the
// same real MCP client (@modelcontextprotocol/sdk over stdio), beside the floors: a do-nothing server (what the client
// and protocol cost) and one-GET servers that do nothing but the relay GET: in .NET (the ceiling for calls/s of any
// .NET server), in .NET on the MCP C# SDK (the ceiling of any server built on the SDK, as ours is), and in C (with no
// runtime at all; built when the machine has a C compiler). Warm calls take turns between the servers in rounds.
// Bounded in runs and calls; stops by itself.
// One command from a clean clone (repository root): node tests/RunwayRelay.Benchmarks/compare/compare.mjs
// It installs the pinned npm packages (.ci/package.json) when missing, and builds Release and publishes the AOT
// build (into artifacts/compare/) so the figures are of the sources as they are. Options: --runs 9 --calls 10000
// --warm-seconds 15 --out file.md, and --aot <binary> --jit <dll> to measure builds made elsewhere (CI passes its own).
// --baseline-aot <binary> --baseline-jit <dll> add an earlier build of ours to the same run, interleaved with the rest,
// so that a change is measured before and after against the same floors (they drift between runs).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../../NodeChecks/unused-port.mjs";

const root = process.cwd();
if (!existsSync(path.join(root, "Tools.sln"))) {
  console.error("Run this from the repository root: node tests/RunwayRelay.Benchmarks/compare/compare.mjs");
  process.exit(2);
}
const run = (command, commandArgs, cwd = root) => {
  console.error(`> ${command} ${commandArgs.join(" ")}`);
  const { status } = spawnSync(command, commandArgs, { cwd, stdio: ["ignore", "inherit", "inherit"] });
  if (status !== 0) { console.error(`failed (exit ${status}): ${command} ${commandArgs.join(" ")}`); process.exit(1); }
};

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const benchDll = path.join(root, "tests", "RunwayRelay.Benchmarks", "bin", "Release", "net10.0", "RunwayRelay.Benchmarks.dll");
const jitDll = args.jit ?? path.join(root, "src", "RunwayRelay.Mcp", "bin", "Release", "net10.0", "RunwayRelay.Mcp.dll");
const rid = `${{ linux: "linux", darwin: "osx", win32: "win" }[process.platform]}-${process.arch}`;
const aotFolder = path.join(root, "artifacts", "compare", "aot");
const aotBinary = args.aot ?? path.join(aotFolder, process.platform === "win32" ? "RunwayRelay.Mcp.exe" : "RunwayRelay.Mcp");

// What a clean clone lacks: the pinned client and peer, the Release builds, the AOT build (both incremental).
if (!existsSync(path.join(root, ".ci", "node_modules", "@ivotoby", "openapi-mcp-server"))) run("npm", ["ci", "--no-audit", "--no-fund"], path.join(root, ".ci"));
if (!args.jit || !existsSync(benchDll)) run("dotnet", ["build", "Tools.sln", "-c", "Release", "--nologo", "-v", "q"]);
if (!args.aot) run("dotnet", ["publish", "src/RunwayRelay.Mcp", "-c", "Release", "-r", rid, "-p:PublishAot=true", "-o", aotFolder, "--nologo", "-v", "q"]);

// The client and the peer come from .ci's pinned npm packages (.ci/package.json).
const sdk = path.join(root, ".ci", "node_modules", "@modelcontextprotocol", "sdk", "dist", "esm", "client");
const { Client } = await import(pathToFileURL(path.join(sdk, "index.js")).href);
const { StdioClientTransport } = await import(pathToFileURL(path.join(sdk, "stdio.js")).href);

const runs = Math.min(Number(args.runs ?? 9), 50);
const calls = Math.min(Number(args.calls ?? 10000), 20000);
// Warm-up by time, not by count: the JIT keeps compiling (tiering, then dynamic PGO) for about ten seconds of calls,
// and a server with more code would otherwise be measured while its compiler still runs.
const warmSeconds = Math.min(Number(args["warm-seconds"] ?? 15), 60);
const require = createRequire(path.join(root, ".ci", "package.json"));
const peerBin = require.resolve("@ivotoby/openapi-mcp-server/bin/mcp-server.js");
const spec = path.join(root, "openapi", "runway-relay-tasks.yaml");

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
// VmHWM is the peak resident set so far, VmRSS the current one.
// CPU time a process has used (user + system, /proc/<pid>/stat in clock ticks), in ms: what a call costs the server
// itself, which the two cores' scheduling moves far less than it moves calls/s.
const ticksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
const cpuMs = (pid) => { try { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" "); return ((Number(f[11]) + Number(f[12])) * 1000) / ticksPerSecond; } catch { return NaN; } };
const memoryMb = (pid, field) => { try { const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`)); return m ? Number(m[1]) / 1024 : NaN; } catch { return NaN; } };

const port = await freePort();
const sandbox = spawn("dotnet", [benchDll, "sandbox", String(port)], { stdio: ["pipe", "pipe", "inherit"] });
await new Promise((resolve) => sandbox.stdout.once("data", resolve));
const relay = `http://127.0.0.1:${port}`;

const servers = {
  aot: { command: aotBinary, args: [`--Relay:BaseUrl=${relay}`, "--Relay:ApiKey=sandbox-key", "--Logging:LogLevel:Default=Warning"] },
  jit: { command: "dotnet", args: [jitDll, `--Relay:BaseUrl=${relay}`, "--Relay:ApiKey=sandbox-key", "--Logging:LogLevel:Default=Warning"] },
  peer: { command: process.execPath, args: [peerBin, "--transport", "stdio", "--api-base-url", relay, "--openapi-spec", spec, "--headers", "Authorization:Bearer sandbox-key"] },
  "floor: do-nothing server": { command: process.execPath, args: [path.join(root, "tests", "RunwayRelay.Benchmarks", "compare", "do-nothing-server.mjs")] },
  "floor: one-GET server (.NET)": { command: "dotnet", args: [benchDll, "one-get-server", relay] },
  "floor: one-GET server (.NET, MCP SDK)": { command: "dotnet", args: [benchDll, "sdk-one-get-server", relay] },
};
// An earlier build of ours in the same run, for a before/after that shares the floors.
const ourArgs = servers.aot.args;
if (args["baseline-aot"]) servers["aot (baseline)"] = { command: args["baseline-aot"], args: ourArgs };
if (args["baseline-jit"]) servers["jit (baseline)"] = { command: "dotnet", args: [args["baseline-jit"], ...ourArgs] };
// The same floor with no runtime at all, when the machine has a C compiler.
const nativeFloor = path.join(root, "artifacts", "compare", "one-get-server");
mkdirSync(path.dirname(nativeFloor), { recursive: true });
if (spawnSync("cc", ["-O2", "-o", nativeFloor, path.join(root, "tests", "RunwayRelay.Benchmarks", "compare", "one-get-server.c")], { stdio: "inherit" }).status === 0) {
  servers["floor: one-GET server (C)"] = { command: nativeFloor, args: [String(port)] };
} else {
  console.error("no C compiler (cc): the native one-GET floor is left out");
}

async function connect(server) {
  const transport = new StdioClientTransport({ command: server.command, args: server.args, stderr: "ignore" });
  const client = new Client({ name: "compare", version: "1.0.0" });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === "get_video_task") ?? tools[0];
  const call = async () => {
    const result = await client.callTool({ name: tool.name, arguments: { task_id: "demo-instant" } });
    if (result.isError) throw new Error(`${tool.name} failed: ${JSON.stringify(result.content).slice(0, 200)}`);
    return result;
  };
  return { client, transport, call };
}

// Cold start: spawn to first tool result, interleaved so that machine noise hits every server alike.
const cold = Object.fromEntries(Object.keys(servers).map((n) => [n, []]));
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(servers)) {
    const started = performance.now();
    const { client, call } = await connect(servers[name]);
    await call();
    cold[name].push(performance.now() - started);
    await client.close();
  }
}

// Warm: one connection each, all open at once, warm-up, then the sequential calls in ten rounds that take turns
// between the servers, so that the machine's drift over the run hits every server alike. Peak RSS after 1 call and
// after the run.
const open = {};
const tally = {};
for (const name of Object.keys(servers)) {
  open[name] = await connect(servers[name]);
  await open[name].call();
  tally[name] = { latencies: [], roundMs: [], cpuMs: 0, rssAfterOne: memoryMb(open[name].transport.pid, "VmHWM") };
  const warmUntil = performance.now() + warmSeconds * 1000;
  while (performance.now() < warmUntil) await open[name].call();
}
const rounds = Math.min(10, calls);
for (let round = 0; round < rounds; round++) {
  const share = Math.floor(calls / rounds) + (round < calls % rounds ? 1 : 0);
  for (const name of Object.keys(servers)) {
    const { call, transport } = open[name];
    const started = performance.now();
    const cpuBefore = cpuMs(transport.pid);
    for (let i = 0; i < share; i++) { const t = performance.now(); await call(); tally[name].latencies.push(performance.now() - t); }
    tally[name].roundMs.push(performance.now() - started);
    tally[name].cpuMs += cpuMs(transport.pid) - cpuBefore;
  }
}
const warm = {};
for (const name of Object.keys(servers)) {
  const { latencies, roundMs, cpuMs: serverCpuMs, rssAfterOne } = tally[name];
  const busyMs = roundMs.reduce((sum, ms) => sum + ms, 0);
  const { client, transport } = open[name];
  warm[name] = { p50: median(latencies), p99: pct(latencies, 0.99), perSecond: calls / (busyMs / 1000), cpuUsPerCall: (serverCpuMs * 1000) / calls, rssAfterOne, rssAfterAll: memoryMb(transport.pid, "VmHWM"), rssAtEnd: memoryMb(transport.pid, "VmRSS") };
  await client.close();
}

// Floor: the same GET straight to the sandbox.
const direct = [];
for (let i = 0; i < calls; i++) { const t = performance.now(); const r = await fetch(`${relay}/runwayml/v1/tasks/demo-instant`, { headers: { Authorization: "Bearer sandbox-key" } }); await r.text(); direct.push(performance.now() - t); }
// The same GET from .NET's HttpClient, as our server sends it: what one upstream round trip costs us.
const dotnetGet = await new Promise((resolve, reject) => {
  const get = spawn("dotnet", [benchDll, "direct-get", `${relay}/runwayml/v1/tasks/demo-instant`, String(calls)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  get.stdout.on("data", (d) => (out += d));
  get.on("exit", (code) => (code === 0 ? resolve(out.trim().split(" ").map(Number)) : reject(new Error(`direct-get exited ${code}`))));
});
const [dotnetGetP50, dotnetGetMean] = dotnetGet;
sandbox.stdin.end();

const oneGet = warm["floor: one-GET server (.NET)"];
const oneGetSdk = warm["floor: one-GET server (.NET, MCP SDK)"];
const oneGetNative = warm["floor: one-GET server (C)"];
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
// A ceiling's calls/s, its ratio to the peer, and how much of it each of our builds reaches.
const ceilingReach = (floor) => `${f(floor.perSecond, 0)} calls/s, ${f(floor.perSecond / warm.peer.perSecond, 2)}× the peer; AOT reaches ${f(warm.aot.perSecond / floor.perSecond, 2)} of it, JIT ${f(warm.jit.perSecond / floor.perSecond, 2)}.`;
const p50Floor = median(direct) + warm["floor: do-nothing server"].p50;
// The guardrail ratios taken pair by pair (each warm round, each cold start: the two servers ran side by side), so
// their spread within this run shows how far one figure can be trusted.
const pairwise = (xs) => `${f(median(xs), 2)} (${f(Math.min(...xs), 2)}–${f(Math.max(...xs), 2)})`;
const callsRatio = (ours, floor) => tally[floor].roundMs.map((floorMs, round) => floorMs / tally[ours].roundMs[round]);
const coldRatio = (ours, other) => cold[ours].map((ms, run) => ms / cold[other][run]);
const lines = [
  `Side by side, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${runs} cold starts and ${calls} warm calls each: node tests/RunwayRelay.Benchmarks/compare/compare.mjs --runs ${runs} --calls ${calls}`,
  "",
  "| server | cold start median ms (min–max) | warm p50 ms | warm p99 ms | calls/s | server CPU µs per call | peak RSS MB after 1 call | peak RSS MB after all | RSS MB at the end |",
  "|---|---|---|---|---|---|---|---|---|",
  ...Object.keys(servers).map((n) => `| ${n} | ${f(median(cold[n]), 0)} (${f(Math.min(...cold[n]), 0)}–${f(Math.max(...cold[n]), 0)}) | ${f(warm[n].p50, 2)} | ${f(warm[n].p99, 2)} | ${f(warm[n].perSecond, 0)} | ${f(warm[n].cpuUsPerCall, 0)} | ${f(warm[n].rssAfterOne, 0)} | ${f(warm[n].rssAfterAll, 0)} | ${f(warm[n].rssAtEnd, 0)} |`),
  `| floor: GET straight to the sandbox (Node fetch) | | ${f(median(direct), 2)} | ${f(pct(direct, 0.99), 2)} | | | | | |`,
  `| floor: GET straight to the sandbox (.NET HttpClient) | | ${f(dotnetGetP50, 2)} | | ${f(1000 / dotnetGetMean, 0)} | | | | |`,
  "",
  `Against the floor: AOT warm p50 is ${f(warm.aot.p50 / p50Floor, 2)}× (direct GET p50 + do-nothing round trip p50), JIT ${f(warm.jit.p50 / p50Floor, 2)}×.`,
  `Ceiling for sequential calls/s in .NET: the one-GET server (nothing but the relay GET, on one thread) makes ${ceilingReach(oneGet)}` +
    (oneGetNative ? ` With no runtime at all (the same server in C): ${f(oneGetNative.perSecond, 0)} calls/s, ${f(oneGetNative.perSecond / warm.peer.perSecond, 2)}× the peer.` : ""),
  `Ceiling for a server on the MCP C# SDK: its smallest server (AddMcpServer().WithStdioServerTransport(), one tool that does only the relay GET; JIT) makes ${ceilingReach(oneGetSdk)}`,
  ...["aot", "jit"].filter((build) => warm[`${build} (baseline)`]).map((build) => {
    const [now, then] = [build, `${build} (baseline)`];
    return `${build.toUpperCase()} against its baseline: cold start ${f(median(cold[now]) / median(cold[then]), 2)}×, warm p50 ${f(warm[now].p50 / warm[then].p50, 2)}×, calls/s ${f(warm[now].perSecond / warm[then].perSecond, 2)}×, server CPU per call ${f(warm[now].cpuUsPerCall / warm[then].cpuUsPerCall, 2)}×, peak RSS after all calls ${f(warm[now].rssAfterAll / warm[then].rssAfterAll, 2)}×; the baseline's calls/s against the MCP C# SDK one-GET floor: ${f(warm[then].perSecond / oneGetSdk.perSecond, 2)}, cold start against the peer's: ${f(median(cold[then]) / median(cold.peer), 2)}×; round by round, calls/s ${pairwise(callsRatio(now, then))}, cold start ${pairwise(coldRatio(now, then))}.`;
  }),
  `Server CPU per call against the MCP C# SDK one-GET floor's (the whole warm run): AOT ${f(warm.aot.cpuUsPerCall / oneGetSdk.cpuUsPerCall, 2)}×, JIT ${f(warm.jit.cpuUsPerCall / oneGetSdk.cpuUsPerCall, 2)}×.`,
  `Round by round (median, min–max): AOT calls/s against the MCP C# SDK one-GET floor ${pairwise(callsRatio("aot", "floor: one-GET server (.NET, MCP SDK)"))}, JIT ${pairwise(callsRatio("jit", "floor: one-GET server (.NET, MCP SDK)"))}; AOT cold start against the peer's ${pairwise(coldRatio("aot", "peer"))}.`,
  `Ratios to the peer: cold start AOT ${f(median(cold.aot) / median(cold.peer), 2)}×, JIT ${f(median(cold.jit) / median(cold.peer), 2)}×; calls/s AOT ${f(warm.aot.perSecond / warm.peer.perSecond, 2)}×, JIT ${f(warm.jit.perSecond / warm.peer.perSecond, 2)}×; peak RSS after all calls AOT ${f(warm.aot.rssAfterAll / warm.peer.rssAfterAll, 2)}×, JIT ${f(warm.jit.rssAfterAll / warm.peer.rssAfterAll, 2)}×.`,
];
console.log(lines.join("\n"));
if (args.out) writeFileSync(args.out, lines.join("\n") + "\n");
process.exit(0);
