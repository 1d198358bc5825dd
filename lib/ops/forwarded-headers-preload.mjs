// Loaded into the web server process with `--import` (lib/ops/server-node-options.ts). Node publishes
// "http.server.request.start" synchronously before the server emits 'request', so the headers are
// rewritten before Next.js (proxy.ts, route handlers, Auth.js) reads any of them: forwarded headers
// count only when the socket is a proxy listed in COUNTERSIGN_TRUSTED_PROXIES (ADR 017).
import { subscribe } from "node:diagnostics_channel";
import { FORWARDED_HEADERS, normaliseForwardedHeaders, parseTrustedProxies } from "../security/trusted-proxies.mjs";

let trusted;
try {
  trusted = parseTrustedProxies(process.env.COUNTERSIGN_TRUSTED_PROXIES);
} catch (error) {
  console.error(`[countersign] COUNTERSIGN_TRUSTED_PROXIES ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

subscribe("http.server.request.start", (message) => {
  const { request, socket } = message;
  try {
    normaliseForwardedHeaders(trusted, request, socket?.remoteAddress);
  } catch {
    // A subscriber's exception would be rethrown on the next tick and end the process: fail closed instead.
    for (const name of FORWARDED_HEADERS) delete request.headers[name];
  }
});
