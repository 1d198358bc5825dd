import type { Sql } from "../db/sql";
import { JOB_SCHEMA } from "./install";

export type JobOptions = { runAt?: Date; jobKey?: string; maxAttempts?: number };

/**
 * Queues a graphile-worker job inside the caller's transaction (committed
 * with it, or never). Note: add_job NOTIFYs the workers, and a NOTIFY inside a
 * write transaction takes a global lock at commit (docs/decisions/007), so
 * this belongs on rare paths (notifiable events, deliveries), never a tick.
 */
export async function enqueueJob(sql: Sql, task: string, payload: Record<string, unknown>, options: JobOptions = {}): Promise<void> {
  await sql.query(
    `SELECT 1 AS queued FROM ${JOB_SCHEMA}.add_job($1, $2::json, run_at := $3::timestamptz, max_attempts := $4::int, job_key := $5) j`,
    [task, JSON.stringify(payload), options.runAt ?? null, options.maxAttempts ?? null, options.jobKey ?? null],
  );
}
