import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A local HTTP receiver for webhooks that checks signatures with the
 * `standardwebhooks` package (an implementation independent of Countersign's)
 * against the secrets a test registers for a path. Paths behave as named:
 * /ok/<name> answers 204 when a signature verifies (401 otherwise),
 * /fail/<name> answers 500, /redirect/<name> 302 to /ok/<name>,
 * /hang/<name> never answers (until the receiver closes).
 */
export type Received = { path: string; headers: Record<string, string>; body: string; verified: boolean; json: unknown };

export async function startWebhookReceiver() {
  const received: Received[] = [];
  const secrets = new Map<string, string[]>();
  let hanging = 0;
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const path = request.url ?? "/";
      const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      const name = path.split("/")[2] ?? "";
      const verified = (secrets.get(name) ?? []).some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // kept as text
      }
      received.push({ path, headers, body, verified, json });
      if (path.startsWith("/hang/")) {
        hanging += 1;
        request.socket.on("close", () => (hanging -= 1));
        return;
      }
      if (path.startsWith("/fail/")) return void response.writeHead(500).end("boom");
      if (path.startsWith("/redirect/")) return void response.writeHead(302, { location: `/ok/${name}` }).end();
      response.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** The secrets a path's signatures are checked against (any one verifying is enough, as receivers do during a rotation). */
    expect: (name: string, ...keys: string[]) => secrets.set(name, keys),
    hanging: () => hanging,
    for: (name: string) => received.filter((entry) => entry.path.split("/")[2] === name),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
