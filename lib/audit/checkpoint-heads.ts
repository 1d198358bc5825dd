import { db } from "../db/client";
import { type CheckpointConfig, checkpointConfig, type Heads, writeCheckpoint } from "./checkpoints";

/**
 * Signs the current heads of the chains that received events since `sinceId`
 * (or of one chain), writing a checkpoint file. Returns the newest event id
 * covered, to pass as `sinceId` next time; nothing is written when no chain moved.
 */
export async function checkpointHeads(
  options: { sinceId?: bigint; chain?: string; config?: CheckpointConfig } = {},
): Promise<{ lastId: bigint; file?: string; chains: number }> {
  const sinceId = options.sinceId ?? 0n;
  const rows = options.chain
    ? await db.$queryRaw<{ chain: string; seq: number; hash: string; id: bigint }[]>`
        SELECT chain, seq, hash, id FROM audit_events WHERE chain = ${options.chain} ORDER BY seq DESC LIMIT 1`
    : sinceId === 0n
      ? // Every chain's head: hop from chain to chain along the primary key (a few index probes per chain)
        // instead of reading every event, which took seconds on a million-event trail at each start-up.
        await db.$queryRaw<{ chain: string; seq: number; hash: string; id: bigint }[]>`
          WITH RECURSIVE chains(chain) AS (
            (SELECT chain FROM audit_events ORDER BY chain LIMIT 1)
            UNION ALL
            SELECT (SELECT e.chain FROM audit_events e WHERE e.chain > c.chain ORDER BY e.chain LIMIT 1) FROM chains c WHERE c.chain IS NOT NULL
          )
          SELECT h.chain, h.seq, h.hash, h.id FROM chains c
          CROSS JOIN LATERAL (SELECT chain, seq, hash, id FROM audit_events e WHERE e.chain = c.chain ORDER BY seq DESC LIMIT 1) h
          WHERE c.chain IS NOT NULL`
      : await db.$queryRaw<{ chain: string; seq: number; hash: string; id: bigint }[]>`
          SELECT DISTINCT ON (chain) chain, seq, hash, id FROM audit_events
          WHERE chain IN (SELECT DISTINCT chain FROM audit_events WHERE id > ${sinceId})
          ORDER BY chain, seq DESC`;
  if (rows.length === 0) return { lastId: sinceId, chains: 0 };
  const heads: Heads = {};
  let lastId = sinceId;
  for (const row of rows) {
    heads[row.chain] = { seq: row.seq, hash: row.hash };
    if (row.id > lastId) lastId = row.id;
  }
  const { file } = await writeCheckpoint(options.config ?? checkpointConfig(), heads);
  return { lastId, file, chains: rows.length };
}
