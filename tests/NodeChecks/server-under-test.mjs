// What the Node checks of the server share: the server build named by --server, the pinned npm packages of .ci, an unused
// port on 127.0.0.1, the server started with its log kept and searched as it comes, and ok/FAIL lines with a summary.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

export { freePort } from "./unused-port.mjs";

const root = process.cwd();

// The command line's --name value pairs.
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));

/** The server build to run: --server (the JIT build's .dll or a Native AOT binary), else the Release build; exits 2 without one. */
export const serverPath = args.server ?? path.join(root, "src", "RunwayRelay.Mcp", "bin", "Release", "net10.0", "RunwayRelay.Mcp.dll");
if (!existsSync(serverPath)) {
  console.error(`needs the server build (${serverPath})`);
  process.exit(2);
}

/** A package as .ci's pinned npm packages have it. */
const ci = createRequire(path.join(root, ".ci", "package.json"));
export const importCi = (name) => import(pathToFileURL(ci.resolve(name)).href);

/** The directory of one of .ci's npm packages. */
export const ciPackageDirectory = (name) => path.join(root, ".ci", "node_modules", name);

/** The server with these arguments: the JIT build through dotnet, or a Native AOT build as it is; its log kept. */
export function startServer(serverArgs) {
  const process_ = serverPath.endsWith(".dll")
    ? spawn("dotnet", [serverPath, ...serverArgs], { stdio: ["ignore", "ignore", "pipe"] })
    : spawn(serverPath, serverArgs, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  process_.stderr.on("data", (d) => (log += d));
  return {
    kill: () => process_.kill(),
    log: () => log,
    // The log arrives on its own schedule: wait for a line as it comes, up to a bound.
    logShows: (pattern, ms = 10_000) => new Promise((resolve) => {
      const look = () => { if (pattern.test(log)) { done(true); } };
      const done = (found) => { clearTimeout(timer); process_.stderr.off("data", look); resolve(found); };
      const timer = setTimeout(() => done(false), ms);
      process_.stderr.on("data", look);
      look();
    }),
  };
}

/** ok/FAIL lines, one per check, and the summary line that ends the run with its exit code. */
export function checks() {
  const results = [];
  return {
    check: (name, ok, detail = "") => { results.push(ok); console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`); },
    finish: (label) => {
      const failed = results.filter((ok) => !ok).length;
      console.log(`${label}: ${results.length - failed} passed, ${failed} failed`);
      process.exit(failed === 0 && results.length > 0 ? 0 : 1);
    },
  };
}
