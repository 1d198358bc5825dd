import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/**
 * A real HTTP server on 127.0.0.1 that serves the given App Router route
 * handlers (the modules' exported functions, called as Next calls them:
 * a Request, and the path's params), so a child process such as the CLI can
 * talk HTTP to the application's own routes without a production build.
 * Streams (server-sent events) are passed through as they are written; a
 * client that goes away aborts the request's signal.
 */
export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteTable = { pattern: string; method: string; handler: RouteHandler }[];

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const value = got[index]!;
    if (part.startsWith("[") && part.endsWith("]")) params[part.slice(1, -1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

export async function startRouteServer(routes: RouteTable): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`);
      const found = routes.map((route) => ({ route, params: route.method === incoming.method ? match(route.pattern, url.pathname) : null })).find((entry) => entry.params);
      if (!found?.params) {
        outgoing.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND", message: "No such route." } }));
        return;
      }
      const abort = new AbortController();
      outgoing.on("close", () => abort.abort());
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
      const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
      const request = new Request(url, {
        method: incoming.method,
        headers,
        signal: abort.signal,
        ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream, duplex: "half" } : {}),
      } as RequestInit);
      const response = await found.route.handler(request, { params: Promise.resolve(found.params) });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void outgoing.end();
      outgoing.flushHeaders();
      const reader = response.body.getReader();
      abort.signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (done) break;
        outgoing.write(value);
      }
      outgoing.end();
    })().catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
