// A team's sign-in as most hosts do it: the MCP TypeScript SDK's client (@modelcontextprotocol/sdk, the library
// behind Claude Code and the MCP Inspector) with its own OAuth flow, against the server with Server:Auth:* set and
// issuers on 127.0.0.1. One shaped as Auth0 is (its issuer with a trailing slash, its paths, OpenID discovery only,
// Dynamic Client Registration, S256 PKCE, the API named by `resource` only with the Resource Parameter Compatibility
// Profile on, an opaque token otherwise): the client finds the issuer through the protected resource metadata,
// registers, signs in with the scope and resource the server names, and calls a tool with the token; with the profile
// off the token is refused and the server's warning says why. One shaped as an Amazon Cognito user pool (metadata
// without PKCE methods or registration, which the server publishes with S256 added): the client, with a client
// registered by hand, signs in at the pool's endpoints through that copy and calls a tool. One shaped as a Keycloak
// realm (its issuer and endpoints under /realms/{realm}, the resource parameter unread, the endpoint in aud through an
// Audience mapper on the scope's client scope, beside Keycloak's own account client): the client finds the realm's
// OpenID discovery document after the RFC 8414 paths, registers at Keycloak's registration endpoint, signs in and calls
// a tool. Bounded: every wait has a timeout, and the run stops by itself.
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

// ---- The issuers: keys made per run, tokens signed RS256, sign-in codes kept until exchanged.
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: "jwk" }), kid: "run-key", use: "sig", alg: "RS256" };
const mint = (claims) => {
  const unsigned = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: jwk.kid }))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
};
const readBody = (request) => new Promise((resolve) => { let body = ""; request.on("data", (d) => (body += d)); request.on("end", () => resolve(body)); });
const json = (response, status, value) => { response.writeHead(status, { "content-type": "application/json" }); response.end(JSON.stringify(value)); };

// One issuer on 127.0.0.1 of the given shape: where its documents and endpoints are (paths), its metadata, the API a
// sign-in names (audience) and the token a code gets (token). It records each sign-in's query and each registration.
const startIssuer = async (shape) => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const state = { authorizeRequests: [], registrations: 0 };
  const codes = new Map();
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, origin);
    const at = (method, path) => request.method === method && url.pathname === path;
    if (at("GET", shape.paths.metadata)) return json(response, 200, shape.metadata(origin));
    if (at("GET", shape.paths.keys)) return json(response, 200, { keys: [jwk] });
    if (shape.paths.register && at("POST", shape.paths.register)) {
      const metadata = JSON.parse(await readBody(request));
      state.registrations++;
      return json(response, 201, { ...metadata, client_id: `dcr-${state.registrations}`, token_endpoint_auth_method: "none" });
    }
    if (at("GET", shape.paths.authorize)) {
      const query = Object.fromEntries(url.searchParams);
      state.authorizeRequests.push(query);
      if (query.code_challenge_method !== "S256" || !query.code_challenge || !query.redirect_uri) {
        return json(response, 400, { error: "invalid_request" });
      }
      const code = randomBytes(16).toString("hex");
      codes.set(code, { challenge: query.code_challenge, scope: query.scope ?? "", audience: shape.audience(query), clientId: query.client_id });
      response.writeHead(302, { location: `${query.redirect_uri}?code=${code}&state=${encodeURIComponent(query.state ?? "")}` });
      return response.end();
    }
    if (at("POST", shape.paths.token)) {
      const form = new URLSearchParams(await readBody(request));
      const granted = codes.get(form.get("code"));
      codes.delete(form.get("code"));
      if (!granted || createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url") !== granted.challenge) {
        return json(response, 400, { error: "invalid_grant" });
      }
      return json(response, 200, { access_token: shape.token(granted, Math.floor(Date.now() / 1000)), token_type: "Bearer", expires_in: 300 });
    }
    json(response, 404, { error: "not_found" });
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { origin, state, close: () => server.close() };
};

// Shaped as Auth0 (auth0.com/docs "Access Token Formats"; auth0.com/ai/docs "Enable Resource Parameter Compatibility
// Profile"): its issuer with a trailing slash, OpenID discovery only (hosts following RFC 8414 first find nothing at
// the OAuth path and fall back), Dynamic Client Registration; the API is the audience parameter, else the resource
// parameter with the profile on, else none and an opaque token.
const auth0Profile = { readsResource: true };
const auth0 = await startIssuer({
  paths: { metadata: "/.well-known/openid-configuration", keys: "/.well-known/jwks.json", register: "/oidc/register", authorize: "/authorize", token: "/oauth/token" },
  metadata: (origin) => ({
    issuer: `${origin}/`, authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/oauth/token`,
    jwks_uri: `${origin}/.well-known/jwks.json`, registration_endpoint: `${origin}/oidc/register`,
    mfa_challenge_endpoint: `${origin}/mfa/challenge`, response_types_supported: ["code"],
    subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["RS256"],
    code_challenge_methods_supported: ["S256", "plain"], token_endpoint_auth_methods_supported: ["none", "client_secret_post"],
  }),
  audience: (query) => query.audience || (auth0Profile.readsResource ? query.resource : undefined),
  token: (granted, now) => granted.audience
    ? mint({ iss: `${auth0.origin}/`, sub: "auth0|alice", aud: granted.audience, azp: granted.clientId, scope: granted.scope, iat: now, exp: now + 300 })
    : randomBytes(16).toString("hex"),
});

// Shaped as an Amazon Cognito user pool (AWS's developer guide: "User pool endpoints and managed login reference",
// "Understanding the access token", "Scopes, M2M, and resource servers"): its issuer on Cognito's regional host,
// whose metadata the server reads from here (Server:Auth:MetadataAddress); OpenID discovery listing neither PKCE
// methods nor a way to register; sign-in at the pool's domain; the resource in aud (the Essentials and Plus plans),
// the client in client_id, token_use access.
const POOL = "us-east-1_Ab12Cd34E";
const cognitoIssuer = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const cognito = await startIssuer({
  paths: { metadata: `/${POOL}/.well-known/openid-configuration`, keys: `/${POOL}/.well-known/jwks.json`, authorize: "/oauth2/authorize", token: "/oauth2/token" },
  metadata: (origin) => ({
    issuer: cognitoIssuer, authorization_endpoint: `${origin}/oauth2/authorize`, token_endpoint: `${origin}/oauth2/token`,
    jwks_uri: `${origin}/${POOL}/.well-known/jwks.json`, userinfo_endpoint: `${origin}/oauth2/userInfo`,
    response_types_supported: ["code", "token"], scopes_supported: ["openid", "email", "phone", "profile"],
    subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
  }),
  audience: (query) => query.resource,
  token: (granted, now) => mint({ iss: cognitoIssuer, sub: "alice", ...(granted.audience ? { aud: granted.audience } : {}), client_id: granted.clientId, token_use: "access", scope: granted.scope, username: "alice", iat: now, exp: now + 300 }),
});

// Shaped as a Keycloak realm (keycloak.org, "Integrating with Model Context Protocol (MCP)"): its issuer
// /realms/agents, OpenID discovery appended to it (not at RFC 8414's inserted path, as Keycloak before 26.4), Dynamic
// Client Registration at clients-registrations/openid-connect, sign-in under protocol/openid-connect; the resource
// parameter unread (its resource-indicators feature off): aud holds the account client and, for a sign-in that asked
// for the scope, what the Audience mapper on that client scope adds, the endpoint's URL (known once the server's
// port is chosen, below).
const REALM = "/realms/agents";
const keycloakMapper = { audience: undefined };
const keycloak = await startIssuer({
  paths: { metadata: `${REALM}/.well-known/openid-configuration`, keys: `${REALM}/protocol/openid-connect/certs`, register: `${REALM}/clients-registrations/openid-connect`, authorize: `${REALM}/protocol/openid-connect/auth`, token: `${REALM}/protocol/openid-connect/token` },
  metadata: (origin) => ({
    issuer: `${origin}${REALM}`, authorization_endpoint: `${origin}${REALM}/protocol/openid-connect/auth`, token_endpoint: `${origin}${REALM}/protocol/openid-connect/token`,
    jwks_uri: `${origin}${REALM}/protocol/openid-connect/certs`, registration_endpoint: `${origin}${REALM}/clients-registrations/openid-connect`,
    response_types_supported: ["code"], subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["RS256"],
    code_challenge_methods_supported: ["plain", "S256"], authorization_response_iss_parameter_supported: true,
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
  }),
  audience: (query) => ["account", ...(query.scope?.split(" ").includes("runway.tasks.read") && keycloakMapper.audience ? [keycloakMapper.audience] : [])],
  token: (granted, now) => mint({ iss: `${keycloak.origin}${REALM}`, sub: "3f9c2e71-5a4b-4d8e-9b1c-7e2a6d0f8c45", aud: granted.audience, azp: granted.clientId, typ: "Bearer", scope: `profile email ${granted.scope}`.trim(), preferred_username: "alice", iat: now, exp: now + 300 }),
});

// ---- The servers, as the deployment README sets them up for each.
// One after another, each listening before the next port is chosen: a port chosen while an earlier server was still
// starting could be taken by that server's sandbox (on a free port of its own) before this one binds it.
const withServer = async (args) => {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}/mcp`;
  const server = startServer(["--sandbox", "--http", `--Server:Urls=http://127.0.0.1:${port}`, `--Server:Auth:Audience=${endpoint}`, "--Server:ShareConfiguredKey=true", ...args(endpoint)]);
  await server.logShows(/MCP over Streamable HTTP/, 30_000);
  return { endpoint, server };
};
const first = await withServer(() => [`--Server:Auth:Authority=${auth0.origin}/`, `--Server:Auth:Scopes:0=${SCOPE}`]);
const second = await withServer((endpoint) => [`--Server:Auth:Authority=${cognitoIssuer}`, `--Server:Auth:MetadataAddress=${cognito.origin}/${POOL}/.well-known/openid-configuration`,
  `--Server:Auth:Scopes:0=${endpoint}/runway.tasks.read`, "--Server:Auth:PublishIssuerMetadata=true"]);
const third = await withServer((endpoint) => { keycloakMapper.audience = endpoint; return [`--Server:Auth:Authority=${keycloak.origin}${REALM}`, "--Server:Auth:Scopes:0=runway.tasks.read"]; });
const servers = [first, second, third];
const stop = () => { servers.forEach(({ server }) => server.kill()); auth0.close(); cognito.close(); keycloak.close(); };
const logs = () => servers.map(({ server }) => server.log()).join("\n");
const deadline = setTimeout(() => { console.error(`oauth client test: over its 90 s bound, stopping\n${logs()}`); stop(); process.exit(1); }, 90_000);
// Up once it listens and has read the issuer's keys, which it does beside starting, in either order.
const serving = async ({ server }) => await server.logShows(/MCP over Streamable HTTP/, 30_000) && await server.logShows(/Read 1 signing key\(s\) of the token issuer/, 30_000);

// A host's side of the flow, kept in memory: its registration (or a client registered by hand), PKCE verifier and
// tokens; the "browser" follows the authorization URL to the issuer and takes the code from the redirect, as a user's
// sign-in would end.
const signInProvider = (registeredClient) => {
  // Not named state: OAuthClientProvider.state() is the provider's own hook for the sign-in's state parameter.
  const held = { code: undefined, client: registeredClient };
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
      held.authorizationUrl = url;
      const answer = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      held.code = new URL(answer.headers.get("location")).searchParams.get("code") ?? undefined;
    },
  };
};

// Connects as a host does: a first attempt that sends the user to sign in, the code exchanged, then connected.
const signInAndConnect = async (endpoint, provider) => {
  const attempt = new Client({ name: "oauth-client-test", version: "1.0.0" });
  try {
    await attempt.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider }));
    return attempt;
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !provider.held.code) throw error;
  }
  const exchange = new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider });
  await exchange.finishAuth(provider.held.code);
  const client = new Client({ name: "oauth-client-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider }));
  return client;
};
const getTask = (client) => client.callTool({ name: "get_video_task", arguments: { task_id: "demo-instant" } }, undefined, { timeout: 30_000 });
// Signs in at a server, reads a task and checks it came (named by what), then returns what the sign-in asked the issuer.
const signInAndRead = async (what, target, issuer, provider) => {
  const client = await signInAndConnect(target.endpoint, provider);
  const result = await getTask(client);
  check(what, result.isError !== true && result.structuredContent?.status === "SUCCEEDED", JSON.stringify(result.structuredContent?.status ?? result.content));
  await client.close();
  return issuer.state.authorizeRequests.at(-1) ?? {};
};

try {
  const up = await serving(first);
  check("server up, the issuer's keys read", up, up ? "" : first.server.log());

  // Auth0 with the profile on: discovery, registration, sign-in, a tool call.
  const asked = await signInAndRead("signed in and called a tool", first, auth0, signInProvider());
  check("registered with the issuer (Dynamic Client Registration)", auth0.state.registrations === 1, `registrations: ${auth0.state.registrations}`);
  check("asked for the server's scope and named it by resource, with S256 PKCE",
    asked.scope === SCOPE && asked.resource === first.endpoint && asked.code_challenge_method === "S256", JSON.stringify({ scope: asked.scope, resource: asked.resource, method: asked.code_challenge_method }));

  // With the profile off: an opaque token, refused, the warning naming the profile.
  auth0Profile.readsResource = false;
  const refusedAt = first.server.log().length;
  let refused = false;
  try {
    const again = await signInAndConnect(first.endpoint, signInProvider());
    await getTask(again);
    await again.close();
  } catch {
    refused = true;
  }
  check("without the profile the sign-in ends refused", refused);
  const warned = await first.server.logShows(/401, opaque token, not a JWT.*Resource Parameter Compatibility Profile/);
  check("the server's warning names the profile", warned && first.server.log().length > refusedAt, warned ? "" : first.server.log().slice(refusedAt));

  // The Cognito-shaped pool: its metadata, without PKCE methods, published by the server with S256 added; a client
  // registered by hand, as the pool offers no registration.
  const poolUp = await serving(second);
  check("second server up, the pool's keys read", poolUp, poolUp ? "" : second.server.log());
  const byHand = signInProvider({ client_id: "host-registered-by-hand" });
  const poolAsked = await signInAndRead("signed in at the pool through the published metadata and called a tool", second, cognito, byHand);
  check("signed in at the pool's own endpoint, with the scope its resource server names and the endpoint as resource",
    byHand.held.authorizationUrl?.origin === cognito.origin && poolAsked.scope === `${second.endpoint}/runway.tasks.read` && poolAsked.resource === second.endpoint && poolAsked.client_id === "host-registered-by-hand",
    JSON.stringify({ at: byHand.held.authorizationUrl?.origin, scope: poolAsked.scope, resource: poolAsked.resource, client: poolAsked.client_id }));

  // The Keycloak-shaped realm: discovery appended to the realm's path, registration, the mapper's audience.
  const realmUp = await serving(third);
  check("third server up, the realm's keys read", realmUp, realmUp ? "" : third.server.log());
  const realmAsked = await signInAndRead("signed in at the Keycloak-shaped realm and called a tool", third, keycloak, signInProvider());
  check("registered at the realm's registration endpoint and asked for the scope that carries the audience mapper",
    keycloak.state.registrations === 1 && realmAsked.scope === "runway.tasks.read", JSON.stringify({ registrations: keycloak.state.registrations, scope: realmAsked.scope }));

  check("no token in the servers' logs", !/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(logs()));
} catch (error) {
  check("the run", false, `${error?.stack ?? error}\n${logs()}`);
} finally {
  clearTimeout(deadline);
  stop();
}
finish("oauth client");
