import pg from "pg";
import { currentDatabaseUrl } from "./client";

/**
 * Streams audit events in (chain, seq) order, in batches, for the verifier.
 * A plain `pg` connection rather than Prisma: verification reads every row
 * of the trail, and Prisma's per-row conversion cost more than the hashing
 * (README "Performance"). The time comes back as the exact ISO string the
 * hash covers, and the next batch is requested before the caller works on
 * the current one, so the database and the hashing overlap.
 */
export type AuditRow = {
  chain: string;
  seq: number;
  type: string;
  occurred_at: string;
  actor: unknown;
  subject: unknown;
  data: unknown;
  origin: unknown;
  prev_hash: string;
  hash: string;
};

const COLUMNS = `chain, seq, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  actor, subject, data, origin, prev_hash, hash`;

export async function* streamAuditRows(options: { chain?: string; batchSize?: number; url?: string } = {}): AsyncGenerator<AuditRow[]> {
  const batchSize = options.batchSize ?? 5000;
  const client = new pg.Client({ connectionString: options.url ?? currentDatabaseUrl() });
  await client.connect();
  const fetch = async (after: { chain: string; seq: number }) =>
    (
      options.chain !== undefined
        ? await client.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_events WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [options.chain, after.seq, batchSize])
        : await client.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_events WHERE (chain, seq) > ($1, $2) ORDER BY chain, seq LIMIT $3`, [after.chain, after.seq, batchSize])
    ).rows;
  try {
    let pending: Promise<AuditRow[]> | undefined = fetch({ chain: "", seq: 0 });
    while (pending) {
      const rows: AuditRow[] = await pending;
      const last = rows.at(-1);
      pending = last && rows.length === batchSize ? fetch({ chain: last.chain, seq: last.seq }) : undefined;
      // Nobody waits on a prefetch the caller abandons; keep its failure from going unhandled.
      pending?.catch(() => undefined);
      if (rows.length > 0) yield rows;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
