import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/db/embedded";
import { waitForStatus } from "../support/app-server";

/**
 * `npm start` (scripts/start.ts) as a supervisor sees it (docs/decisions/017):
 * when its web server dies, it stops the embedded PostgreSQL and exits
 * non-zero naming the cause; repeated SIGTERMs end it instead of being
 * ignored. Runs the real script on a throw-away data directory (embedded
 * PostgreSQL) against the production build the suite's setup made.
 */

/** The web server child: `node …/next start`, which renames itself `next-server (vX)`. */
const WEB_SERVER = /next-server|next\S* start/;

type Wrapper = { child: ChildProcess; output: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

let dataDir: string;
let port: number;
let running: Wrapper | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "countersign-start-"));
});

afterEach(async () => {
  // A failed test must not leave npm start, its web server and PostgreSQL behind.
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill("SIGTERM");
    await Promise.race([running.exit, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  }
  running = undefined;
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function startWrapper(): Promise<Wrapper> {
  port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, COUNTERSIGN_DATA_DIR: dataDir, PORT: String(port), HOSTNAME: "127.0.0.1", COUNTERSIGN_DEMO_PASSWORD: "supervision-test-password" };
  for (const key of ["DATABASE_URL", "DATABASE_OWNER_URL", "TEST_DATABASE_URL", "AUTH_SECRET", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "NODE_ENV"]) delete env[key];
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  try {
    await Promise.race([waitForStatus(`http://127.0.0.1:${port}/api/ready`, 150_000), exit.then(() => Promise.reject(new Error("npm start exited before it was ready")))]);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n--- output ---\n${output}`);
  }
  running = { child, output: () => output, exit };
  return running;
}

/** Direct children of `pid` with their command lines (Linux /proc). */
function childrenOf(pid: number): { pid: number; command: string }[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return parent === pid ? [{ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ") }] : [];
      } catch {
        return [];
      }
    });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portOpen = (target: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: target });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/** The embedded cluster's postmaster pid and port while it runs (its postmaster.pid file). */
function postmaster(): { pid: number; port: number } | null {
  const file = path.join(dataDir, "pg", "postmaster.pid");
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n");
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("npm start under a supervisor", () => {
  it("exits non-zero naming the cause, with PostgreSQL stopped, when its web server is killed with SIGKILL", { timeout: 240_000 }, async () => {
    const wrapper = await startWrapper();
    const database = postmaster();
    expect(database, wrapper.output()).not.toBeNull();
    expect(await portOpen(database!.port)).toBe(true);
    const webServer = childrenOf(wrapper.child.pid!).find((child) => WEB_SERVER.test(child.command));
    expect(webServer, `children: ${JSON.stringify(childrenOf(wrapper.child.pid!))}`).toBeDefined();

    process.kill(webServer!.pid, "SIGKILL");
    const { code, signal } = await within(wrapper.exit, 30_000, "npm start exiting after its web server was killed");

    expect(signal).toBeNull();
    expect(code).toBe(128 + 9);
    expect(wrapper.output()).toContain("The web server was killed by SIGKILL; stopping the database and exiting.");
    expect(wrapper.output()).toContain("Stopping embedded PostgreSQL");
    expect(postmaster()).toBeNull();
    expect(isAlive(database!.pid)).toBe(false);
    expect(await portOpen(database!.port)).toBe(false);
  });

  it("a second SIGTERM is not ignored: a web server that hangs on stopping is killed at once, leaving nothing behind", { timeout: 240_000 }, async () => {
    const wrapper = await startWrapper();
    const database = postmaster();
    const webServer = childrenOf(wrapper.child.pid!).find((child) => WEB_SERVER.test(child.command));
    expect(webServer).toBeDefined();
    // A web server that does not stop (frozen): after one SIGTERM the wrapper would wait 10 s before killing it.
    process.kill(webServer!.pid, "SIGSTOP");

    wrapper.child.kill("SIGTERM");
    // The second once the first has been handled (two pending SIGTERMs can merge into one).
    await within(until(() => wrapper.output().includes("SIGTERM: stopping")), 10_000, "the first SIGTERM being handled");
    // A repeat within a second counts as the same request (process group plus forwarding); this one is a second request.
    wrapper.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    wrapper.child.kill("SIGTERM");
    const { code } = await within(wrapper.exit, 30_000, "npm start exiting after two SIGTERMs");
    // Had the second SIGTERM been ignored, the wrapper would have waited out its 10 s and said so.
    expect(wrapper.output()).not.toMatch(/did not stop within 10 s/);

    expect(code, wrapper.output()).toBe(0);
    expect(wrapper.output()).toMatch(/SIGTERM again: killing the web server now/);
    expect(isAlive(webServer!.pid)).toBe(false);
    expect(postmaster()).toBeNull();
    expect(isAlive(database!.pid)).toBe(false);
  });
});
