import { createHash } from "node:crypto";
import pg from "pg";
import type { AuditRow } from "../../lib/db/stream-audit-rows";

/**
 * The raw baseline for `audit verify`: read the same rows in the same order
 * and batches with `pg`, and sha256 each event's bytes (previous hash,
 * newline, JSON of its content) — no canonical ordering, no comparisons, no
 * checkpoint logic.
 */
export async function runVerifyBaseline(url: string, batchSize = 5000): Promise<{ events: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  let events = 0;
  let after = { chain: "", seq: 0 };
  try {
    for (;;) {
      const { rows } = await client.query<Omit<AuditRow, "occurred_at"> & { occurred_at: Date }>(
        `SELECT chain, seq, type, occurred_at, actor, subject, data, origin, prev_hash, hash FROM audit_events
         WHERE (chain, seq) > ($1, $2) ORDER BY chain, seq LIMIT $3`,
        [after.chain, after.seq, batchSize],
      );
      for (const row of rows) {
        const content = { chain: row.chain, seq: row.seq, type: row.type, occurredAt: row.occurred_at.toISOString(), actor: row.actor, subject: row.subject, data: row.data, origin: row.origin };
        createHash("sha256").update(`${row.prev_hash}\n${JSON.stringify(content)}`).digest("hex");
        events += 1;
      }
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) break;
      after = { chain: last.chain, seq: last.seq };
    }
  } finally {
    await client.end();
  }
  return { events, seconds: (performance.now() - started) / 1000 };
}
