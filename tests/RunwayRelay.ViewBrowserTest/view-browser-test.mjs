// The MCP Apps view in a real browser, as a host renders it. Starts the server (sandbox, Streamable HTTP) and a host
// page on 127.0.0.1, drives Debian's Chromium with puppeteer-core, and checks each state of a task in the view:
// the badge, the progress bar advancing between the view's own refreshes (never faster than 5 s), the <video> with
// the output URL (a picture or a sound for image and audio tasks), the failure advice; axe-core's WCAG 2.1 A and AA
// rules over most states, in both themes. Writes a screenshot per state, prints the view's size and first paint.
// Bounded: every wait has a timeout, and the run stops by itself. Run from the repository root:
//   node tests/RunwayRelay.ViewBrowserTest/view-browser-test.mjs --server <RunwayRelay.Mcp.dll> [--out dir]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { freePort } from "../NodeChecks/unused-port.mjs";

const root = process.cwd();
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const serverDll = args.server ?? path.join(root, "src", "RunwayRelay.Mcp", "bin", "Release", "net10.0", "RunwayRelay.Mcp.dll");
const out = path.resolve(args.out ?? path.join(root, "artifacts", "view"));
const chromium = process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
if (!existsSync(serverDll) || !chromium) {
  console.error(`needs the server build (${serverDll}) and Chromium (set CHROMIUM or install Debian's chromium)`);
  process.exit(2);
}
mkdirSync(out, { recursive: true });

// Everything from .ci's pinned npm packages.
const ci = createRequire(path.join(root, ".ci", "package.json"));
const importCi = (name) => import(pathToFileURL(ci.resolve(name)).href);
const esbuild = await importCi("esbuild");
const puppeteer = (await importCi("puppeteer-core")).default;
const { Client } = await importCi("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = await importCi("@modelcontextprotocol/sdk/client/streamableHttp.js");
const axeSource = readFileSync(ci.resolve("axe-core/axe.min.js"), "utf8");

const results = [];
// Each line says when it was reached, so a run that hits its bound shows where the time went.
const startedAt = Date.now();
const elapsed = () => `[${((Date.now() - startedAt) / 1000).toFixed(1)} s]`;
const check = (name, ok, detail = "") => { results.push(ok); console.log(`${ok ? "ok  " : "FAIL"} ${elapsed()} ${name}${detail ? `: ${detail}` : ""}`); };

// The host page, with the ext-apps AppBridge bundled for the browser, served first: the server is told its origin.
const bundle = await esbuild.build({ entryPoints: [path.join(root, "tests", "RunwayRelay.ViewBrowserTest", "host-page.js")], bundle: true, format: "esm", platform: "browser", write: false, logLevel: "error", nodePaths: [path.join(root, ".ci", "node_modules")] });
const hostJs = bundle.outputFiles[0].text;
const hostHtml = (theme) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Host</title><style>body{margin:0;padding:16px;background:${theme === "dark" ? "#111" : "#fafafa"};font-family:sans-serif}iframe{width:560px;border:0;display:block}</style></head><body><main id="views"></main><script type="module" src="/host.js"></script></body></html>`;
const pages = http.createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (url.pathname === "/host.js") { res.writeHead(200, { "content-type": "text/javascript" }); res.end(hostJs); return; }
  res.writeHead(200, { "content-type": "text/html" }); res.end(hostHtml(url.searchParams.get("theme") ?? "light"));
});
await new Promise((resolve) => pages.listen(0, "127.0.0.1", resolve));
const pagePort = pages.address().port;
// The server, as a team would run it for a web host: HTTP, against its sandbox (3-second lifecycle steps).
// Pages come from 127.0.0.1 and, through Chromium's resolver rules, from allowed.test (listed) and other.test (not).
const port = await freePort();
const server = spawn("dotnet", [serverDll, "--sandbox", "--http", `--Server:Urls=http://127.0.0.1:${port}`, "--Sandbox:StepSeconds=3",
  `--Server:AllowedOrigins:0=http://allowed.test:${pagePort}`], { stdio: ["ignore", "ignore", "pipe"] });
let serverLog = "";
server.stderr.on("data", (d) => (serverLog += d));
const stopAll = [() => server.kill(), () => pages.close()];
const deadline = setTimeout(() => { console.error(`view browser test: over its 240 s bound, stopping ${elapsed()}`); stopAll.forEach((s) => s()); process.exit(1); }, 240_000);

try {
  const client = new Client({ name: "browser-test-host", version: "1.0.0" });
  for (let attempt = 0; ; attempt++) {
    try { await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`))); break; }
    catch (error) { if (attempt > 100) throw new Error(`server did not start: ${error.message}\n${serverLog}`); await new Promise((r) => setTimeout(r, 200)); }
  }


  const browser = await puppeteer.launch({ executablePath: chromium, headless: true,
    // Every call into the browser answers within 60 s or fails naming itself (puppeteer's own default is 180 s, most of
    // the run's bound): a stalled call must show up as an error, not as the whole run timing out. Some calls last as
    // long as what they wait for (a page's tool call, a waitForFunction of up to 40 s), hence not less.
    protocolTimeout: 60_000, args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP allowed.test 127.0.0.1, MAP other.test 127.0.0.1"] });
  stopAll.push(() => browser.close());

  // Each view opens in a browser context of its own, which headless Chromium gives a window of its own: every view is
  // in front in its window, so they all draw and refresh (a tab behind another does neither) and can run side by side.
  async function openView(name, tool, taskId, theme = "light", downloads = true, displayModes = ["inline", "fullscreen"]) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 600, height: 560 });
    await page.exposeFunction("mcpRequest", (method, params) =>
      method === "tools/call" ? client.callTool(params, undefined, { timeout: 120_000 }) : method === "resources/read" ? client.readResource(params) : Promise.reject(new Error(`not forwarded: ${method}`)));
    await page.goto(`http://127.0.0.1:${pagePort}/?theme=${theme}`);
    await page.waitForFunction(() => typeof window.renderTask === "function", { timeout: 10_000 });
    const rendering = page.evaluate((t) => window.renderTask(t), { tool, taskId, theme, downloads, displayModes });
    const frameHandle = await page.waitForSelector("iframe", { timeout: 10_000 });
    const frame = await frameHandle.contentFrame();
    await frame.waitForSelector("#badge", { timeout: 10_000 });
    const text = (selector) => frame.$eval(selector, (e) => e.textContent.trim());
    // Screenshots are for people reading the artifacts, not checks: one that cannot be taken is said and the checks go on.
    const shot = async (state) => {
      try { await page.screenshot({ path: path.join(out, `${name}-${state}.png`), fullPage: true }); }
      catch (error) { console.log(`     ${elapsed()} screenshot ${name}-${state} not taken: ${error.message.split("\n")[0]}`); }
    };
    return { page, frame, rendering, text, shot, close: () => context.close() };
  }

  // axe-core's WCAG 2.1 A and AA rules (colour contrast, names of controls and media, ARIA use) over the view as it is
  // drawn in this state.
  const audit = async (frame, state) => {
    await frame.evaluate(axeSource);
    const { violations } = await frame.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    check(`${state}: axe-core finds no WCAG 2.1 A or AA violation`, violations.length === 0,
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.any[0]?.message ?? ""}`.trim()).join(" | ")}`).join("; "));
  };

  const waitIn = (frame, fn, arg, timeout = 30_000) => frame.waitForFunction(fn, { timeout, polling: 100 }, arg);
  const badgeIs = (status) => (s) => document.getElementById("badge").textContent.startsWith(s);
  // The scenarios, each on tasks of its own, run side by side: most of each is waiting for the sandbox's 3-second steps
  // and the view's 5-second refreshes, so one after another the run took the sum of those waits.
  const scenarios = new Map();

  // demo-success through wait_for_video_task: the view follows the task with its own looks while the wait runs.
  scenarios.set("demo-success (wait)", async () => {
    const { page, frame, rendering, text, shot, close } = await openView("demo-success", "wait_for_video_task", "demo-success");
    await waitIn(frame, () => /PENDING|RUNNING/.test(document.getElementById("badge").textContent));
    const paint = await frame.evaluate(() => performance.getEntriesByType("paint").map((p) => [p.name, Math.round(p.startTime)]));
    await waitIn(frame, badgeIs("RUNNING"), "RUNNING");
    const first = await frame.$eval("#bar", (b) => (b.hasAttribute("value") ? b.value : -1));
    await shot("running");
    await audit(frame, "demo-success running");
    await waitIn(frame, (v) => !document.getElementById("running").hidden && document.getElementById("bar").hasAttribute("value") && document.getElementById("bar").value > v, first);
    const second = await frame.$eval("#bar", (b) => b.value);
    check("demo-success: progress bar advances between refreshes", second > first, `${first} -> ${second}`);
    await waitIn(frame, badgeIs("SUCCEEDED"), "SUCCEEDED", 40_000);
    const videoSrc = await frame.$eval("video", (v) => v.getAttribute("src"));
    const link = await frame.$eval("#outputs a", (a) => a.getAttribute("href"));
    check("demo-success: badge SUCCEEDED", (await text("#badge")) === "SUCCEEDED");
    await audit(frame, "demo-success succeeded");
    check("demo-success: <video> plays the output URL, with a link beside it", /\/files\/demo-success\.mp4\?/.test(videoSrc) && link === videoSrc, videoSrc);
    // The host offers downloads: the view's button asks it to fetch the file, named after the task.
    await frame.click("#outputs button");
    await page.waitForFunction(() => window.downloadRequests.length > 0, { timeout: 10_000, polling: 100 });
    const download = await page.evaluate(() => window.downloadRequests[0].contents);
    check("demo-success: \"Download video 1\" asks the host to save the output as demo-success-1.mp4",
      (await text("#outputs button")) === "Download video 1" && download.length === 1 && download[0].type === "resource_link" && download[0].uri === videoSrc && download[0].name === "demo-success-1.mp4",
      JSON.stringify(download));
    // The host can show the view full screen: the view's button asks it to, and offers the way back.
    await frame.click("#fullscreen");
    await waitIn(frame, () => document.getElementById("fullscreen").textContent === "Exit full screen", undefined, 10_000).catch(() => {});
    const asked = await page.evaluate(() => window.displayModeRequests);
    check("demo-success: \"Full screen\" asks the host for fullscreen, then offers \"Exit full screen\"",
      asked.length === 1 && asked[0] === "fullscreen" && (await text("#fullscreen")) === "Exit full screen" && (await frame.$eval("body", (b) => b.classList.contains("fullscreen"))),
      `asked ${asked.join(", ")}; button ${await text("#fullscreen")}`);
    // The sandbox signs its URLs as Runway does, their _jwt saying when they stop: 24 hours after the task began.
    const expiry = await text("#expiry");
    const dayAfter = (minutesAgo) => new Date(Date.now() + 24 * 3600_000 - minutesAgo * 60_000).toLocaleString("en-US", { dateStyle: "medium", timeZone: "UTC" });
    check("demo-success: when the links expire said, as the URLs' signature has it", !(await frame.$eval("#expiry", (e) => e.hidden))
      && [dayAfter(0), dayAfter(2)].some((day) => expiry.startsWith(`These links are signed and expire ${day},`)), expiry);
    const { bytes: viewBytes } = await rendering;
    const calls = await page.evaluate(() => window.viewToolCalls);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    check("demo-success: the view refreshed with get_video_task, never faster than every 5 s", calls.length >= 2 && calls.every((c) => c.name === "get_video_task") && gaps.every((g) => g >= 4990), `${calls.length} calls, gaps ${gaps.map((g) => Math.round(g)).join(", ")} ms`);
    await shot("succeeded");
    check("view size under 150 KB", viewBytes < 150 * 1024, `${viewBytes} bytes`);
    // The wait's own result told the model; an update from the view's looks during the wait would outlive it.
    const duringWait = await page.evaluate(() => window.modelContextUpdates.length);
    check("demo-success (wait): no model-context update from the view during the wait", duringWait === 0, `${duringWait} updates`);
    console.log(`view: ${viewBytes} bytes; first paint in the iframe: ${paint.map(([n, t]) => `${n} ${t} ms`).join(", ") || "not reported"}`);
    await close();
  });

  // demo-success through get_video_task: the model was told PENDING; the view follows the task to its end and tells
  // the host, which hands the latest state to the model on its next turn.
  scenarios.set("demo-success-told", async () => {
    // This host offers no downloads and shows views inline only: the view offers neither.
    const { page, frame, rendering, close } = await openView("demo-success-told", "get_video_task", "demo-success-told", "dark", false, ["inline"]);
    await rendering;
    await waitIn(frame, badgeIs("SUCCEEDED"), "SUCCEEDED", 40_000);
    await page.waitForFunction(() => window.modelContextUpdates.some((u) => u.params.structuredContent?.status === "SUCCEEDED"), { timeout: 10_000, polling: 100 });
    const updates = await page.evaluate(() => window.modelContextUpdates.map((u) => u.params));
    const last = updates[updates.length - 1];
    const text = last.content?.[0]?.text ?? "";
    check("demo-success-told: the model is told the task it heard was PENDING has SUCCEEDED, with the video",
      last.structuredContent?.status === "SUCCEEDED" && /looked at video task demo-success-told again/.test(text) && /\/files\/demo-success-told\.mp4/.test(text),
      `${updates.length} updates, last: ${text.split("\n")[0]}`);
    check("demo-success-told: no update repeats the one before", updates.every((u, i) => i === 0 || u.content[0].text !== updates[i - 1].content[0].text));
    const offered = await frame.$$eval("#outputs a, #outputs button", (es) => es.map((e) => e.textContent));
    check("demo-success-told: a host without downloads or full screen gets the link, no download or full screen button",
      offered.length === 1 && offered[0] === "Open video 1" && (await frame.$eval("#fullscreen", (b) => b.hidden)), offered.join(", "));
    await audit(frame, "demo-success-told succeeded, dark");
    await close();
  });

  // demo-image and demo-audio: Runway's image and audio tasks end in a picture and a sound (the same task endpoint
  // serves them), which the view shows and plays, loaded under the host's policy for the declared origins.
  for (const [taskId, kind] of [["demo-image", "image"], ["demo-audio", "audio"]]) {
    scenarios.set(taskId, async () => {
      // The image's host refuses the download it is asked for (its user said no, say).
      const { page, frame, rendering, shot, close } = await openView(taskId, "wait_for_video_task", taskId, "light", kind === "image" ? "refused" : true);
      await rendering;
      await waitIn(frame, badgeIs("SUCCEEDED"), "SUCCEEDED", 40_000);
      const loaded = kind === "image"
        ? () => { const img = document.querySelector("#outputs img"); return img && img.complete && img.naturalWidth > 0; }
        : () => { const audio = document.querySelector("#outputs audio"); return audio && audio.readyState >= 1 && audio.duration > 0; };
      const ok = await waitIn(frame, loaded, undefined, 10_000).then(() => true, () => false);
      const shown = await frame.$$eval("#outputs img, #outputs audio, #outputs video", (es) => es.map((e) => `${e.tagName.toLowerCase()} ${e.getAttribute("src")}${e.hidden ? " hidden" : ""}`));
      const link = await frame.$eval("#outputs a", (a) => `${a.textContent} ${a.getAttribute("href")}`);
      const tag = kind === "image" ? "img" : "audio";
      check(`${taskId}: the ${kind} is ${kind === "image" ? "shown" : "playable"} (no video player), with "Open ${kind} 1" beside it`,
        ok && shown.length === 1 && shown[0].startsWith(`${tag} http`) && !shown[0].endsWith("hidden") && link.startsWith(`Open ${kind} 1 http`), `${shown.join(", ")}; ${link}`);
      if (kind === "image") {
        await frame.click("#outputs button");
        await waitIn(frame, () => /Not downloaded/.test(document.querySelector("#outputs .actions .note")?.textContent ?? ""), undefined, 10_000).catch(() => {});
        const said = await frame.$eval("#outputs .actions .note", (e) => e.textContent);
        const asked = await page.evaluate(() => window.downloadRequests.map((r) => r.contents[0].name));
        check("demo-image: a download the host refuses is said, pointing to the link", said === "Not downloaded: open it with the link instead." && asked.length === 1 && asked[0] === "demo-image-1.png", `${said}; asked for ${asked.join(", ")}`);
      }
      await audit(frame, `${taskId} succeeded`);
      await shot("succeeded");
      await close();
    });
  }

  // demo-failure, dark theme: the failure, its code and the tool's advice.
  scenarios.set("demo-failure", async () => {
    const { page, frame, rendering, text, shot, close } = await openView("demo-failure", "get_video_task", "demo-failure", "dark");
    await rendering;
    await waitIn(frame, badgeIs("FAILED"), "FAILED", 40_000);
    const failure = await text("#failure");
    check("demo-failure: badge FAILED", (await text("#badge")) === "FAILED");
    check("demo-failure: failure, code and advice shown", /flagged by content moderation/.test(failure) && /SAFETY\.INPUT\.TEXT/.test(failure) && /start a new generation/.test(failure), failure.split("\n")[1]);
    check("demo-failure: announced as an alert", (await frame.$eval("#failure", (e) => e.getAttribute("role"))) === "alert");
    check("demo-failure: no full screen offered, with nothing to watch", await frame.$eval("#fullscreen", (b) => b.hidden));
    await shot("failed-dark");
    await audit(frame, "demo-failure, dark");
    await close();
  });

  // demo-throttled: queued by the provider.
  scenarios.set("demo-throttled", async () => {
    const { page, frame, rendering, text, shot, close } = await openView("demo-throttled", "get_video_task", "demo-throttled");
    await rendering;
    await waitIn(frame, badgeIs("THROTTLED"), "THROTTLED");
    check("demo-throttled: badge THROTTLED and 'queued by the provider'", (await text("#badge")) === "THROTTLED" && !(await frame.$eval("#queued", (e) => e.hidden)) && /Queued by the provider/.test(await text("#queued")));
    await shot("throttled");
    await audit(frame, "demo-throttled");
    await close();
  });

  // demo-never-ends: no refresh while the view is hidden (another tab in front), refreshing again once it is shown.
  scenarios.set("demo-never-ends", async () => {
    const { page, frame, rendering, close } = await openView("demo-never-ends", "get_video_task", "demo-never-ends");
    await rendering;
    await waitIn(frame, badgeIs("RUNNING"), "RUNNING");
    await page.waitForFunction(() => window.viewToolCalls.length >= 1, { timeout: 15_000, polling: 100 });
    const other = await page.browserContext().newPage();
    await other.bringToFront();
    const hiddenAt = await page.evaluate(() => window.viewToolCalls.length);
    // Two refresh periods with the view hidden: a view that kept refreshing would call at least once.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const whileHidden = (await page.evaluate(() => window.viewToolCalls.length)) - hiddenAt;
    await page.bringToFront();
    await page.waitForFunction((n) => window.viewToolCalls.length > n, { timeout: 15_000, polling: 100 }, hiddenAt);
    check("demo-never-ends: no refresh while hidden, refreshing again once shown", whileHidden === 0, `${whileHidden} calls while hidden`);
    await other.close();
    await close();
  });

  // demo-appears-late: the relay does not know the task for its first seconds (a passing error): the view says so
  // without raising the failure alert, looks again after 10 s, and then follows the task.
  scenarios.set("demo-appears-late", async () => {
    const { page, frame, rendering, text, shot, close } = await openView("demo-appears-late", "get_video_task", "demo-appears-late");
    await rendering;
    // Counted from when the host sent the error (the view's 10 s cannot start sooner), not from when this script
    // hears that the view has it, which comes later when the browser is busy.
    const shownAt = await page.evaluate(() => window.toolResultSentAt);
    await waitIn(frame, () => /Looking again in/.test(document.getElementById("refresh").textContent));
    const note = await text("#refresh");
    check("demo-appears-late: the relay's answer and the next look said, no failure alert", /task_not_exist/.test(note) && /Looking again in 10 s/.test(note) && (await frame.$eval("#failure", (e) => e.hidden)), note.split("\n").pop());
    await shot("not-known-yet");
    await waitIn(frame, () => /PENDING|RUNNING|SUCCEEDED/.test(document.getElementById("badge").textContent), undefined, 20_000);
    const calls = await page.evaluate(() => window.viewToolCalls);
    check("demo-appears-late: looked again after 10 s, then followed the task", calls.length >= 1 && calls[0].at - shownAt >= 9_000 && (await text("#refresh")) !== note, `first look ${Math.round(calls[0].at - shownAt)} ms after the error, badge ${await text("#badge")}`);
    await close();
  });

  // An id the relay does not have: a lasting error, shown as the failure alert, and no further looks (a passing error
  // would look again after 10 s).
  scenarios.set("no-such-task", async () => {
    const { page, frame, rendering, text, close } = await openView("no-such-task", "get_video_task", "no-such-task");
    await rendering;
    await waitIn(frame, () => !document.getElementById("failure").hidden);
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const looks = await page.evaluate(() => window.viewToolCalls.length);
    check("no-such-task: the error shown as an alert, no further looks", /^\[task_not_found\]/.test(await text("#failure")) && looks === 0, `${looks} looks in 11 s`);
    await audit(frame, "no-such-task");
    await close();
  });

  // A task the view followed and the relay then no longer knows (demo-deleted: 404 from its fourth 3-second step): said
  // to be cancelled or deleted, not "check the id".
  scenarios.set("demo-deleted", async () => {
    const { page, frame, rendering, text, close } = await openView("demo-deleted", "get_video_task", "demo-deleted");
    await rendering;
    await waitIn(frame, badgeIs("RUNNING"), "RUNNING", 20_000);
    await waitIn(frame, () => !document.getElementById("failure").hidden, undefined, 20_000);
    const said = await text("#failure");
    check("demo-deleted: a task seen and then gone is said to be cancelled or deleted", /^This task was RUNNING when last seen; .*cancelled or deleted/.test(said), said);
    await page.waitForFunction(() => window.modelContextUpdates.some((u) => /cancelled or deleted/.test(u.params.content?.[0]?.text)), { timeout: 10_000, polling: 100 }).catch(() => {});
    const told = await page.evaluate(() => window.modelContextUpdates.map((u) => u.params.content?.[0]?.text ?? ""));
    check("demo-deleted: the model is told the task went away", /cancelled or deleted/.test(told[told.length - 1] ?? ""), `${told.length} updates`);
    await close();
  });

  // A web host calling the server straight from the browser: CORS lets a listed origin read the answers (after the
  // preflight that MCP's headers need), and keeps any other origin out.
  scenarios.set("browser origins", async () => {
    for (const [origin, allowed] of [[`http://allowed.test:${pagePort}`, true], [`http://other.test:${pagePort}`, false]]) {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      const outcome = await page.evaluate(async (endpoint) => {
        try {
          const response = await fetch(endpoint, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18", "x-relay-key": "sk-sandbox-browser" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_video_task", arguments: { task_id: "demo-instant" } } }),
          });
          return `${response.status} ${await response.text()}`;
        } catch (error) {
          return `blocked: ${error.message}`;
        }
      }, `http://127.0.0.1:${port}/mcp`);
      check(`browser at ${allowed ? "a listed" : "an unlisted"} origin: ${allowed ? "reads the tool's answer" : "is kept out"}`,
        allowed ? /^200 [\s\S]*SUCCEEDED/.test(outcome) : outcome.startsWith("blocked"), outcome.slice(0, 120));
      await page.close();
    }
  });

  // demo-new-status: a status this server does not know is shown as such, not hidden.
  scenarios.set("demo-new-status", async () => {
    const { page, frame, rendering, text, shot, close } = await openView("demo-new-status", "get_video_task", "demo-new-status");
    await rendering;
    await waitIn(frame, badgeIs("ARCHIVED"), "ARCHIVED");
    check("demo-new-status: badge names the new status", (await text("#badge")) === "ARCHIVED (new status)");
    await audit(frame, "demo-new-status");
    await shot("new-status");
    await close();
  });

  // fault-odd-output: a relay's output that is no web address (javascript:, a relative path) is said, never opened.
  scenarios.set("fault-odd-output", async () => {
    const { page, frame, rendering, text, shot, close } = await openView("fault-odd-output", "get_video_task", "fault-odd-output");
    await rendering;
    await waitIn(frame, badgeIs("SUCCEEDED"), "SUCCEEDED");
    const videos = await frame.$$eval("#outputs video", (vs) => vs.map((v) => v.getAttribute("src")));
    const links = await frame.$$eval("#outputs a", (as) => as.map((a) => a.getAttribute("href")));
    const said = await frame.$$eval("#outputs .not-web", (ps) => ps.map((p) => p.textContent));
    check("fault-odd-output: only the web address plays and is linked; the other two are said as text",
      videos.length === 1 && /^http:\/\/127\.0\.0\.1:\d+\/files\/fault-odd-output\.mp4$/.test(videos[0]) && links.length === 1 && links[0] === videos[0]
        && said.length === 2 && /^Output 1 is not a web address.*javascript:/.test(said[0]) && /^Output 2 is not a web address/.test(said[1]),
      JSON.stringify({ videos, links, said }));
    await shot("odd-output");
    await close();
  });
  // A scenario that throws is one failure, named; the others still run to their end.
  await Promise.all([...scenarios].map(([name, run]) => run().catch((error) => check(`${name} ran to the end`, false, error.stack ?? String(error)))));
} catch (error) {
  check("view browser test ran to the end", false, error.stack ?? String(error));
} finally {
  clearTimeout(deadline);
  for (const stop of stopAll.reverse()) { try { await stop(); } catch { /* already gone */ } }
}
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed; screenshots in ${out}`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
