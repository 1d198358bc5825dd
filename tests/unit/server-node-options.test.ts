import { describe, expect, it } from "vitest";
import { readSettings } from "../../lib/config/settings";
import { existsSync } from "node:fs";
import path from "node:path";
import { forwardedHeadersNodeArgs, serverNodeArgs } from "../../lib/ops/server-node-options";

const env = (extra: Record<string, string>) => ({ NODE_ENV: "test", ...extra }) as NodeJS.ProcessEnv;

describe("the web server's Node options", () => {
  it("limits the heap to 256 MB by default, or to COUNTERSIGN_MAX_HEAP_MB", () => {
    expect(serverNodeArgs(readSettings(env({})))[0]).toBe("--max-old-space-size=256");
    expect(serverNodeArgs(readSettings(env({ COUNTERSIGN_MAX_HEAP_MB: "1024" })))[0]).toBe("--max-old-space-size=1024");
  });

  it("preloads the forwarded-headers module (COUNTERSIGN_TRUSTED_PROXIES) by its absolute path", () => {
    const args = serverNodeArgs(readSettings(env({})));
    expect(args.slice(1)).toEqual(forwardedHeadersNodeArgs());
    expect(args[1]).toBe("--import");
    expect(path.isAbsolute(args[2]!)).toBe(true);
    expect(existsSync(args[2]!)).toBe(true);
  });

  it("refuses a limit that is not a whole number of megabytes in range, naming the setting", () => {
    expect(() => readSettings(env({ COUNTERSIGN_MAX_HEAP_MB: "lots" }))).toThrow(/^COUNTERSIGN_MAX_HEAP_MB expects a number of megabytes/);
    expect(() => readSettings(env({ COUNTERSIGN_MAX_HEAP_MB: "64" }))).toThrow(/^COUNTERSIGN_MAX_HEAP_MB expects at least 128 \(MB\)/);
    expect(() => readSettings(env({ COUNTERSIGN_MAX_HEAP_MB: "300.5" }))).toThrow(/^COUNTERSIGN_MAX_HEAP_MB expects a whole number/);
    expect(() => readSettings(env({ COUNTERSIGN_MAX_HEAP_MB: "999999" }))).toThrow(/^COUNTERSIGN_MAX_HEAP_MB expects at most 16384/);
  });
});
