// A team's sign-in as most hosts do it: the MCP TypeScript SDK's client (@modelcontextprotocol/sdk, the library
// behind Claude Code and the MCP Inspector) with its own OAuth flow, against the server with Server:Auth:* set and an
// issuer on 127.0.0.1 shaped as Auth0 is (its issuer with a trailing slash, its paths, OpenID discovery only, Dynamic
// Client Registration, S256 PKCE, the API named by `resource` only with the Resource Parameter Compatibility Profile
// on, an opaque token otherwise). Checks: the client finds the issuer through the protected resource metadata,
// registers, signs in with the scope and resource the server names, and calls a tool with the token; with the profile
// off the token is refused and the server's warning says why. Bounded: every wait has a timeout, and the run stops
// by itself.
// Run from the repository root:
//   node tests/RunwayRelay.OAuthClientTest/oauth-client-test.mjs --server <RunwayRelay.Mcp.dll, or the Native AOT binary>
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import http from "node:http";
import { checks, freePort, importCi, startServer } from "../NodeChecks/server-under-test.mjs";

const { Client } = await importCi("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = await importCi("@modelcontextprotocol/sdk/client/streamableHttp.js");
const { UnauthorizedError } = await importCi("@modelcontextprotocol/sdk/client/auth.js");

const SCOPE = "read:video_tasks";
const { check, finish } = checks();
const base64url = (data) => Buffer.from(data).toString("base64url");

// ---- The issuer, shaped as Auth0 (auth0.com/docs "Access Token Formats"; auth0.com/ai/docs "Enable Resource
// Parameter Compatibility Profile"): keys made per run, tokens signed RS256.
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: "jwk" }), kid: "run-key", use: "sig", alg: "RS256" };
const issuerState = { readsResource: true, authorizeRequests: [], registrations: 0 };
const codes = new Map();
const issuerPort = await freePort();
const issuerOrigin = `http://127.0.0.1:${issuerPort}`;
const issuer = `${issuerOrigin}/`;
const mint = (claims) => {
  const unsigned = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: jwk.kid }))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
};
const readBody = (request) => new Promise((resolve) => { let body = ""; request.on("data", (d) => (body += d)); request.on("end", () => resolve(body)); });
const json = (response, status, value) => { response.writeHead(status, { "content-type": "application/json" }); response.end(JSON.stringify(value)); };
const issuerServer = http.createServer(async (request, response) => {
  const url = new URL(request.url, issuerOrigin);
  if (request.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
    // Auth0 publishes OpenID discovery; hosts following RFC 8414 first find nothing at the OAuth path and fall back.
    return json(response, 200, {
      issuer, authorization_endpoint: `${issuerOrigin}/authorize`, token_endpoint: `${issuerOrigin}/oauth/token`,
      jwks_uri: `${issuerOrigin}/.well-known/jwks.json`, registration_endpoint: `${issuerOrigin}/oidc/register`,
      mfa_challenge_endpoint: `${issuerOrigin}/mfa/challenge`, response_types_supported: ["code"],
      subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256", "plain"], token_endpoint_auth_methods_supported: ["none", "client_secret_post"],
    });
  }
  if (request.method === "GET" && url.pathname === "/.well-known/jwks.json") {
    return json(response, 200, { keys: [jwk] });
  }
  if (request.method === "POST" && url.pathname === "/oidc/register") {
    const metadata = JSON.parse(await readBody(request));
    issuerState.registrations++;
    return json(response, 201, { ...metadata, client_id: `dcr-${issuerState.registrations}`, token_endpoint_auth_method: "none" });
  }
  if (request.method === "GET" && url.pathname === "/authorize") {
    const query = Object.fromEntries(url.searchParams);
    issuerState.authorizeRequests.push(query);
    if (query.code_challenge_method !== "S256" || !query.code_challenge || !query.redirect_uri) {
      return json(response, 400, { error: "invalid_request" });
    }
    const code = randomBytes(16).toString("hex");
    // The API: the audience parameter, else the resource parameter with the profile on, else none.
    codes.set(code, { challenge: query.code_challenge, scope: query.scope ?? "", audience: query.audience || (issuerState.readsResource ? query.resource : undefined) });
    response.writeHead(302, { location: `${query.redirect_uri}?code=${code}&state=${encodeURIComponent(query.state ?? "")}` });
    return response.end();
  }
  if (request.method === "POST" && url.pathname === "/oauth/token") {
    const form = new URLSearchParams(await readBody(request));
    const granted = codes.get(form.get("code"));
    codes.delete(form.get("code"));
    if (!granted || createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url") !== granted.challenge) {
      return json(response, 400, { error: "invalid_grant" });
    }
    const now = Math.floor(Date.now() / 1000);
    const access_token = granted.audience
      ? mint({ iss: issuer, sub: "auth0|alice", aud: granted.audience, azp: form.get("client_id"), scope: granted.scope, iat: now, exp: now + 300 })
      : randomBytes(16).toString("hex");
    return json(response, 200, { access_token, token_type: "Bearer", expires_in: 300 });
  }
  json(response, 404, { error: "not_found" });
});
await new Promise((resolve) => issuerServer.listen(issuerPort, "127.0.0.1", resolve));

// ---- The server, as the deployment README sets it up for Auth0.
const port = await freePort();
const endpoint = `http://127.0.0.1:${port}/mcp`;
const serverArgs = ["--sandbox", "--http", `--Server:Urls=http://127.0.0.1:${port}`, `--Server:Auth:Authority=${issuer}`,
  `--Server:Auth:Audience=${endpoint}`, `--Server:Auth:Scopes:0=${SCOPE}`, "--Server:ShareConfiguredKey=true"];
const server = startServer(serverArgs);
const stop = () => { server.kill(); issuerServer.close(); };
const deadline = setTimeout(() => { console.error(`oauth client test: over its 90 s bound, stopping\n${server.log()}`); stop(); process.exit(1); }, 90_000);

// A host's side of the flow, kept in memory: its registration, PKCE verifier and tokens; the "browser" follows the
// authorization URL to the issuer and takes the code from the redirect, as a user's sign-in would end.
const signInProvider = () => {
  // Not named state: OAuthClientProvider.state() is the provider's own hook for the sign-in's state parameter.
  const held = { code: undefined };
  return {
    held,
    redirectUrl: "http://127.0.0.1/callback",
    clientMetadata: { client_name: "oauth-client-test", redirect_uris: ["http://127.0.0.1/callback"], grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "none" },
    clientInformation() { return held.client; },
    saveClientInformation(client) { held.client = client; },
    tokens() { return held.tokens; },
    saveTokens(tokens) { held.tokens = tokens; },
    saveCodeVerifier(verifier) { held.verifier = verifier; },
    codeVerifier() { return held.verifier; },
    async redirectToAuthorization(url) {
      const answer = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      held.code = new URL(answer.headers.get("location")).searchParams.get("code") ?? undefined;
    },
  };
};

// Connects as a host does: a first attempt that sends the user to sign in, the code exchanged, then connected.
const signInAndConnect = async (provider) => {
  const first = new Client({ name: "oauth-client-test", version: "1.0.0" });
  try {
    await first.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider }));
    return first;
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !provider.held.code) throw error;
  }
  const exchange = new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider });
  await exchange.finishAuth(provider.held.code);
  const client = new Client({ name: "oauth-client-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider }));
  return client;
};

try {
  const up = await server.logShows(/Read 1 signing key\(s\) of the token issuer/, 30_000);
  check("server up, the issuer's keys read", up, up ? "" : server.log());

  // With the profile on: discovery, registration, sign-in, a tool call.
  const provider = signInProvider();
  const client = await signInAndConnect(provider);
  const result = await client.callTool({ name: "get_video_task", arguments: { task_id: "demo-instant" } }, undefined, { timeout: 30_000 });
  check("signed in and called a tool", result.isError !== true && result.structuredContent?.status === "SUCCEEDED", JSON.stringify(result.structuredContent?.status ?? result.content));
  const asked = issuerState.authorizeRequests.at(-1) ?? {};
  check("registered with the issuer (Dynamic Client Registration)", issuerState.registrations === 1, `registrations: ${issuerState.registrations}`);
  check("asked for the server's scope and named it by resource, with S256 PKCE",
    asked.scope === SCOPE && asked.resource === endpoint && asked.code_challenge_method === "S256", JSON.stringify({ scope: asked.scope, resource: asked.resource, method: asked.code_challenge_method }));
  await client.close();

  // With the profile off: an opaque token, refused, the warning naming the profile.
  issuerState.readsResource = false;
  const refusedAt = server.log().length;
  let refused = false;
  try {
    const second = await signInAndConnect(signInProvider());
    await second.callTool({ name: "get_video_task", arguments: { task_id: "demo-instant" } }, undefined, { timeout: 30_000 });
    await second.close();
  } catch {
    refused = true;
  }
  check("without the profile the sign-in ends refused", refused);
  const warned = await server.logShows(/401, opaque token, not a JWT.*Resource Parameter Compatibility Profile/);
  check("the server's warning names the profile", warned && server.log().length > refusedAt, warned ? "" : server.log().slice(refusedAt));
  check("no token in the server's log", !/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(server.log()));
} catch (error) {
  check("the run", false, `${error?.stack ?? error}\n${server.log()}`);
} finally {
  clearTimeout(deadline);
  stop();
}
finish("oauth client");
