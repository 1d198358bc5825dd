import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveAuthSecret, StartupError } from "../../lib/config/bootstrap";
import { readSettings } from "../../lib/config/settings";

/**
 * Started with DATABASE_URL and no AUTH_SECRET, `npm start` used to run the
 * web server without a key: it reported ready and refused every sign-in.
 * Now the key is generated once and kept in COUNTERSIGN_DATA_DIR, as with the
 * embedded database, or start-up stops with one line naming AUTH_SECRET.
 */
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "countersign-secret-"));
  dirs.push(dir);
  return dir;
}

const external = (env: Record<string, string>) => readSettings({ DATABASE_URL: "postgresql://app:pw@db.example:5432/countersign", ...env } as unknown as NodeJS.ProcessEnv);

describe("resolveAuthSecret", () => {
  it("with DATABASE_URL and no AUTH_SECRET: generates a key once, keeps it in the data directory (0600), and reuses it", async () => {
    const dataDir = await tempDir();
    const settings = external({ COUNTERSIGN_DATA_DIR: dataDir });
    expect(settings.AUTH_SECRET).toBeUndefined();
    const first = await resolveAuthSecret(settings, {});
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, "secrets.json");
    expect((JSON.parse(await readFile(file, "utf8")) as { authSecret: string }).authSecret).toBe(first);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await resolveAuthSecret(settings, {})).toBe(first);
  });

  it("prefers AUTH_SECRET, then the embedded database's key, and then writes nothing", async () => {
    const dataDir = await tempDir();
    const secret = "s".repeat(40);
    expect(await resolveAuthSecret(external({ COUNTERSIGN_DATA_DIR: dataDir, AUTH_SECRET: secret }), {})).toBe(secret);
    expect(await resolveAuthSecret(external({ COUNTERSIGN_DATA_DIR: dataDir }), { authSecret: "embedded-key" })).toBe("embedded-key");
    await expect(stat(path.join(dataDir, "secrets.json"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("stops start-up with one line naming AUTH_SECRET when no key can be kept", async () => {
    const parent = await tempDir();
    const notADirectory = path.join(parent, "file");
    await writeFile(notADirectory, "");
    const refusal = await resolveAuthSecret(external({ COUNTERSIGN_DATA_DIR: notADirectory }), {}).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StartupError);
    const message = (refusal as StartupError).message;
    expect(message).toMatch(/^Configuration error: AUTH_SECRET is not set/);
    expect(message).not.toContain("\n");
  });
});
