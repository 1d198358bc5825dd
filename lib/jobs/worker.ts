import pg from "pg";
import { parseCronItems, run, type Runner } from "graphile-worker";
import { logger } from "../observability/logger";
import { JOB_SCHEMA } from "./install";
import { jobLogger } from "./logger";
import { CRON_ITEMS, TASKS } from "./tasks";

/**
 * Starts the job queue's worker in this process, as the app's runtime role
 * (the schema and grants come from the migration step). Inside `npm start` by
 * default, or alone as `countersign worker` (COUNTERSIGN_WORKER=external).
 * The caller stops it with `runner.stop()`; signals are the caller's to handle.
 *
 * The worker's connections are a pool of our own: graphile-worker takes its
 * error listener off a pool when it stops, and a connection the database ends
 * after that (the database stopping while a job query is still in flight, as
 * `npm start` does on a second SIGTERM) would then be an unhandled 'error'
 * event that crashes the process. Here a pool error is logged, never thrown;
 * `stop()` also ends the pool.
 */
export async function startWorker(connectionString: string, options: { concurrency?: number } = {}): Promise<Runner> {
  const concurrency = options.concurrency ?? 4;
  const pgPool = new pg.Pool({ connectionString, max: concurrency + 2 });
  pgPool.on("error", (error) => logger.warn({ component: "jobs", error: error.message }, "a job queue connection ended"));
  let runner: Runner;
  try {
    runner = await run({
      pgPool,
      schema: JOB_SCHEMA,
      concurrency,
      noHandleSignals: true,
      pollInterval: 2_000,
      logger: jobLogger,
      taskList: TASKS,
      parsedCronItems: parseCronItems(CRON_ITEMS),
    });
  } catch (error) {
    await pgPool.end().catch(() => undefined);
    throw error;
  }
  const stop = runner.stop;
  return {
    ...runner,
    stop: async (reason?: string) => {
      try {
        await stop(reason);
      } finally {
        await pgPool.end().catch(() => undefined);
      }
    },
  };
}
