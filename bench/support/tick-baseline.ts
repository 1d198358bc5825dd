import { createHash } from "node:crypto";
import pg from "pg";
import { GENESIS_HASH, hashEvent } from "../../lib/audit/hash";
import { type LatencySummary, timedWorkers } from "./stats";

/**
 * The raw-PostgreSQL baseline for one item change: the same transaction the
 * app runs, issued directly with `pg` and nothing else — authorize by token
 * hash, read and update the item with its version check, append the chained
 * audit event (per-chain advisory lock, head, canonical-JSON sha256, insert),
 * commit, notify. No ORM, no HTTP, no validation, no recount, no sign-off check.
 */
export type TickTarget = { releaseId: string; itemKeys: string[] };

export async function runTickBaseline(options: {
  url: string;
  token: string;
  connections: number;
  poolSize: number;
  seconds: number;
  pick: () => { target: TickTarget; itemKey: string; status: "done" | "open"; note: string };
}): Promise<LatencySummary> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  const tokenHash = createHash("sha256").update(options.token).digest("hex");

  async function once(): Promise<void> {
    const { target, itemKey, status, note } = options.pick();
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows: users } = await client.query<{ id: string; name: string; email: string; app_role: string }>(
        `SELECT u.id::text, u.name, u.email, u.app_role::text FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
        [tokenHash],
      );
      const user = users[0];
      if (!user) throw new Error("token refused");
      const { rows: items } = await client.query<{ status: string; note: string | null; version: number }>(
        `SELECT status::text, note, version FROM item_states WHERE release_id = $1 AND item_key = $2`,
        [target.releaseId, itemKey],
      );
      const item = items[0];
      if (!item) throw new Error("no such item");
      const updated = await client.query(
        `UPDATE item_states SET status = $3::"ItemStatus", note = $4, updated_by_id = $5, updated_by_name = $6, updated_at = now(), version = version + 1
         WHERE release_id = $1 AND item_key = $2 AND version = $7`,
        [target.releaseId, itemKey, status, note, user.id, user.name, item.version],
      );
      if (updated.rowCount !== 1) throw new Error("version conflict");
      const chain = `release:${target.releaseId}`;
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [chain]);
      const { rows: heads } = await client.query<{ seq: number; hash: string }>(
        `SELECT seq, hash FROM audit_events WHERE chain = $1 ORDER BY seq DESC LIMIT 1`,
        [chain],
      );
      const seq = (heads[0]?.seq ?? 0) + 1;
      const prevHash = heads[0]?.hash ?? GENESIS_HASH;
      const occurredAt = new Date();
      const content = {
        chain,
        seq,
        type: "item.updated",
        occurredAt: occurredAt.toISOString(),
        actor: { kind: "user", id: user.id, name: user.name, email: user.email, appRole: user.app_role, signoffRoles: [] },
        subject: { kind: "release", id: target.releaseId, label: "baseline" },
        data: { itemKey, before: { status: item.status, note: item.note }, after: { status, note } },
        origin: { address: "127.0.0.1", userAgent: "bench baseline" },
      };
      await client.query(
        `INSERT INTO audit_events (chain, seq, type, occurred_at, actor, subject, data, origin, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [chain, seq, content.type, occurredAt, content.actor, content.subject, content.data, content.origin, prevHash, hashEvent(prevHash, content)],
      );
      await client.query("COMMIT");
      await client.query(`SELECT pg_notify('countersign_releases', $1)`, [JSON.stringify({ releaseId: target.releaseId, kind: "item", itemKey })]);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const summary = await timedWorkers(options.connections, options.seconds, once);
  await pool.end();
  return summary;
}
