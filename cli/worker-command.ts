import type { Command } from "commander";
import { startWorker } from "../lib/jobs/worker";
import { runCommand } from "./run-command";
import { resolveAuthSecret } from "../lib/config/bootstrap";

/**
 * `countersign worker`: the job queue's worker as its own process, for
 * COUNTERSIGN_WORKER=external (web instances scale apart from delivery). Runs
 * until SIGINT or SIGTERM, then lets jobs in flight finish. Several may run
 * at once: graphile-worker hands each job to one of them.
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("Run the job worker (notifications, deliveries, reminders) until stopped; for COUNTERSIGN_WORKER=external.")
    .option("--concurrency <n>", "jobs run at once", (value) => Number.parseInt(value, 10), 4)
    .action((options: { concurrency: number }) =>
      runCommand(async ({ database, settings }) => {
        // Unsubscribe links in emails are signed with the web server's AUTH_SECRET.
        process.env.AUTH_SECRET = await resolveAuthSecret(settings, database);
        const runner = await startWorker(database.appUrl, { concurrency: options.concurrency });
        console.log(`Job worker running (concurrency ${options.concurrency}); Ctrl-C stops it.`);
        const stop = () => void runner.stop().catch(() => undefined);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        await runner.promise;
        console.log("Job worker stopped.");
      }),
    );
}
