/**
 * `npm start`: the one command that runs Countersign.
 * Embedded PostgreSQL (unless DATABASE_URL is set) -> migrations -> demo
 * seed on an empty database -> `next build` when needed -> `next start`.
 * Ctrl-C / SIGTERM stops the app and then the database, cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "../lib/ops/build-freshness";
import { serverNodeArgs } from "../lib/ops/server-node-options";
import { connectDatabase, loadSettings, StartupError } from "../lib/config/bootstrap";
import { seedDemo } from "../lib/seed/seed-demo";
import { DEMO_EMAIL_NOTE, printSeed } from "../cli/print-seed";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const log = (line: string) => console.log(`[countersign] ${line}`);

function run(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, nextBin, ...args], { stdio: "inherit", env });
}

async function main(): Promise<void> {
  const settings = loadSettings();
  const runtime = await connectDatabase(settings, { migrate: true, log });
  const { database } = runtime;
  let stopping = false;
  let child: ChildProcess | undefined;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child?.once("exit", resolve));
    }
    if (database.embedded?.owned) {
      log("Stopping embedded PostgreSQL");
      await database.embedded.stop();
    }
    process.exit(code);
  };
  // Never leave the web server behind, however this process ends.
  process.on("exit", () => {
    if (child && child.exitCode === null) child.kill("SIGTERM");
  });
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  log(database.embedded ? `Embedded PostgreSQL on 127.0.0.1:${database.embedded.port}` : "Using the database at DATABASE_URL");
  const applied = runtime.migrations?.applied ?? [];
  log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Migrations are up to date");

  const seed = await seedDemo(settings.COUNTERSIGN_DEMO_PASSWORD);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.appUrl,
    AUTH_SECRET: settings.AUTH_SECRET ?? database.authSecret,
    COUNTERSIGN_DATA_DIR: path.resolve(settings.COUNTERSIGN_DATA_DIR),
  };
  delete env.DATABASE_OWNER_URL;

  if (buildIsStale(root)) {
    log("Building the app (next build)...");
    const build = run(["build"], env);
    child = build;
    const code = await new Promise<number>((resolve) => build.once("exit", (status) => resolve(status ?? 1)));
    if (stopping) return;
    if (code !== 0) {
      console.error("[countersign] next build failed; see the output above.");
      return shutdown(code);
    }
  }

  child = run(["start", "-p", String(settings.PORT), "-H", process.env.HOSTNAME ?? "0.0.0.0"], env, serverNodeArgs(settings));
  child.once("exit", (status) => {
    if (!stopping) {
      console.error(`[countersign] the web server exited (${status ?? "signal"}).`);
      void shutdown(status ?? 1);
    }
  });

  const url = `http://localhost:${settings.PORT}`;
  log(`Countersign is running at ${url}`);
  if (seed.seeded) printSeed(seed, log);
  else log(DEMO_EMAIL_NOTE);
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`[countersign] ${error.message}`);
  else console.error(`[countersign] Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
