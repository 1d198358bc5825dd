import pg from "pg";
import { LatencyRecorder, type LatencySummary } from "./stats";

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
  const recorder = new LatencyRecorder();
  const deadline = performance.now() + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const statements = options.next();
      const started = performance.now();
      let ok = true;
      try {
        for (const statement of statements) await pool.query(statement.text, statement.values);
      } catch {
        ok = false;
      }
      recorder.record(performance.now() - started, ok);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  const summary = recorder.summary((performance.now() - began) / 1000);
  await pool.end();
  return summary;
}
