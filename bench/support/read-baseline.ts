import pg from "pg";
import { type LatencySummary, timedWorkers } from "./stats";

export type Statement = { text: string; values: unknown[] };

/**
 * The raw-PostgreSQL baseline for a read: the statements the app issues for
 * one request (built by the app's own query builders, so the SQL is the
 * same), sent with `pg` through a pool as large as the app's, one request
 * after another on each of `connections` workers. Rows are parsed by `pg` as
 * in the app; nothing else happens: no HTTP, authentication, validation,
 * shaping or JSON.
 */
export async function runReadBaseline(options: {
  url: string;
  connections: number;
  poolSize: number;
  seconds: number;
  next: () => Statement[];
}): Promise<LatencySummary> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  const summary = await timedWorkers(options.connections, options.seconds, async () => {
    for (const statement of options.next()) await pool.query(statement.text, statement.values);
  });
  await pool.end();
  return summary;
}
