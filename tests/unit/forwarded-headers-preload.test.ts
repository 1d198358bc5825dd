import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { forwardedHeadersNodeArgs } from "../../lib/ops/server-node-options";

/**
 * The preload in a real Node process with a plain http server: Node publishes
 * "http.server.request.start" before it emits 'request', so the handler (as
 * Next.js's would) sees the rewritten headers; a bad setting stops the process.
 */
const SERVER = `
import http from "node:http";
const server = http.createServer((req, res) => {
  res.end(JSON.stringify({ headers: req.headers, raw: req.rawHeaders }));
}).listen(0, "127.0.0.1", async () => {
  const response = await fetch("http://127.0.0.1:" + server.address().port + "/", {
    headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.9", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example", "x-real-ip": "203.0.113.8" },
  });
  console.log(await response.text());
  server.close();
});
`;

function run(trustedProxies?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.COUNTERSIGN_TRUSTED_PROXIES;
  if (trustedProxies !== undefined) env.COUNTERSIGN_TRUSTED_PROXIES = trustedProxies;
  return spawnSync(process.execPath, [...forwardedHeadersNodeArgs(), "--input-type=module", "-e", SERVER], { env, encoding: "utf8", timeout: 20_000 });
}

describe("the forwarded-headers preload", () => {
  it("without trusted proxies, the request handler sees the socket's address and no forwarded header", () => {
    const result = run();
    expect(result.status, result.stderr).toBe(0);
    const { headers, raw } = JSON.parse(result.stdout) as { headers: Record<string, string>; raw: string[] };
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(headers).not.toHaveProperty("x-forwarded-proto");
    expect(headers).not.toHaveProperty("x-forwarded-host");
    expect(headers).not.toHaveProperty("x-real-ip");
    expect(raw.join(" ")).not.toMatch(/203\.0\.113|198\.51\.100|evil\.example/);
  });

  it("with the socket's address trusted, the handler sees the client's hop and the proxy's scheme and host", () => {
    const result = run("127.0.0.1/32");
    expect(result.status, result.stderr).toBe(0);
    const { headers } = JSON.parse(result.stdout) as { headers: Record<string, string> };
    expect(headers["x-forwarded-for"]).toBe("203.0.113.9");
    expect(headers["x-forwarded-proto"]).toBe("https");
    expect(headers["x-forwarded-host"]).toBe("evil.example");
    expect(headers).not.toHaveProperty("x-real-ip");
  });

  it("a bad setting stops the process with one line naming it", () => {
    const result = run("10.0.0.0/99");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^\[countersign\] COUNTERSIGN_TRUSTED_PROXIES expects a list of CIDRs/)]);
  });
});
