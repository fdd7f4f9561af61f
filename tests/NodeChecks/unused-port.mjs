// An unused port on 127.0.0.1 for a server a check starts, shared by every Node script that starts one.
import { readFileSync } from "node:fs";
import net from "node:net";

// Where the system's ephemeral range starts (Linux's; 32768 where it cannot be read or leaves too little below it).
const ephemeralStart = (() => {
  try { const start = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").split(/\s+/)[0]); return start > 21_000 ? start : 32_768; }
  catch { return 32_768; }
})();

/** A port on 127.0.0.1 nothing listens on, chosen below the ephemeral range as the shell checks choose theirs: every
 * bind to port 0 (the server's own sandbox, a page server) and every outgoing connection takes its port from that
 * range, so none of them can take this one between its choice and the server's bind. */
export const freePort = async () => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * (ephemeralStart - 20_000));
    const free = await new Promise((resolve) => {
      const probe = net.createServer().once("error", () => resolve(false)).listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no unused port on 127.0.0.1 between 20000 and ${ephemeralStart} after 100 tries`);
};
