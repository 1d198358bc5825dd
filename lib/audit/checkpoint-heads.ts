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
