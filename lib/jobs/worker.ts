import { parseCronItems, run, type Runner } from "graphile-worker";
import { JOB_SCHEMA } from "./install";
import { jobLogger } from "./logger";
import { CRON_ITEMS, TASKS } from "./tasks";

/**
 * Starts the job queue's worker in this process, as the app's runtime role
 * (the schema and grants come from the migration step). Inside `npm start` by
 * default, or alone as `countersign worker` (COUNTERSIGN_WORKER=external).
 * The caller stops it with `runner.stop()`; signals are the caller's to handle.
 */
export async function startWorker(connectionString: string, options: { concurrency?: number } = {}): Promise<Runner> {
  return run({
    connectionString,
    schema: JOB_SCHEMA,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 2_000,
    logger: jobLogger,
    taskList: TASKS,
    parsedCronItems: parseCronItems(CRON_ITEMS),
  });
}
