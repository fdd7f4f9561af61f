// The host side of the browser test: what a web host that renders MCP Apps does, with the ext-apps SDK's AppBridge.
// Reads the view with resources/read, loads it in a sandboxed iframe under the content policy its _meta.ui.csp
// declares, connects the bridge over postMessage, sends the tool input and result, and answers the view's own
// tools/call requests by forwarding them to the real server (window.mcpRequest, provided by the test); keeps the
// view's model-context updates (window.modelContextUpdates) as a host keeps them for the model's next turn, and the
// files it is asked to download (window.downloadRequests), when it offers downloads.
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";

// downloads: whether the host offers them ("refused": offered, and each one then refused, as by the user);
// displayModes: the display modes it can show the view in.
window.renderTask = async ({ tool, taskId, theme, downloads = true, displayModes = ["inline", "fullscreen"] }) => {
  const read = await window.mcpRequest("resources/read", { uri: "ui://runway-relay/video-task.html" });
  const view = read.contents[0];
  const media = view._meta?.ui?.csp?.resourceDomains ?? [];
  // The policy SEP-1865 tells hosts to build from the declared domains: resourceDomains for images and media alike
  // (the view loads no script, style or font from anywhere).
  const csp = `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: ${media.join(" ")}; media-src ${media.join(" ") || "'none'"}; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'`;
  const html = view.text.replace("<head>", `<head><meta http-equiv="Content-Security-Policy" content="${csp}">`);

  const iframe = document.createElement("iframe");
  iframe.setAttribute("sandbox", "allow-scripts");
  iframe.title = "Video task view";
  document.getElementById("views").append(iframe);

  const calls = (window.viewToolCalls = []);
  const updates = (window.modelContextUpdates = []);
  const downloadRequests = (window.downloadRequests = []);
  const displayModeRequests = (window.displayModeRequests = []);
  const capabilities = { serverTools: {}, openLinks: {}, updateModelContext: { text: {}, structuredContent: {} }, ...(downloads ? { downloadFile: {} } : {}) };
  const bridge = new AppBridge(null, { name: "browser-test-host", version: "1.0.0" }, capabilities, {
    hostContext: { theme, locale: "en-US", timeZone: "UTC", displayMode: "inline", availableDisplayModes: displayModes, toolInfo: { tool: { name: tool, inputSchema: { type: "object" } } } },
  });
  bridge.oncalltool = async (params) => {
    calls.push({ at: performance.now(), name: params.name });
    return window.mcpRequest("tools/call", params);
  };
  bridge.onreadresource = (params) => window.mcpRequest("resources/read", params);
  // What a host keeps for the model's next turn: the view's latest context update.
  bridge.onupdatemodelcontext = async (params) => { updates.push({ at: performance.now(), params }); return {}; };
  bridge.onopenlink = async () => ({});
  bridge.onrequestdisplaymode = async ({ mode }) => { displayModeRequests.push(mode); return { mode: displayModes.includes(mode) ? mode : "inline" }; };
  bridge.ondownloadfile = async (params) => { downloadRequests.push(params); return downloads === "refused" ? { isError: true } : {}; };
  bridge.onsizechange = ({ height }) => { if (height) iframe.style.height = `${height}px`; };
  const initialized = new Promise((resolve) => (bridge.oninitialized = resolve));
  await bridge.connect(new PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
  iframe.srcdoc = html;
  await initialized;

  await bridge.sendToolInput({ arguments: { task_id: taskId } });
  // The host's own call of the tool; the view hears its result as a host would pass it on.
  const result = await window.mcpRequest("tools/call", { name: tool, arguments: { task_id: taskId } });
  // The view hears the result no sooner than this: the earliest instant its own timers can count from.
  window.toolResultSentAt = performance.now();
  await bridge.sendToolResult(result);
  return { bytes: new TextEncoder().encode(view.text).length };
};
