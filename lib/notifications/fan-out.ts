import { sqlTransaction, type Sql } from "../db/sql";
import { githubReviewSubscriber } from "../github/github-review-channel";
import { webhookSubscriber } from "../webhooks/webhook-channel";

/**
 * The fan-out of one outbox row (the task `notifications.fan_out`): who is
 * told, on which channel. Runs once per row (fanned_out_at), in one
 * transaction: the inbox rows, the deliveries it creates and the mark commit
 * together; a repeat of the job finds the row done and does nothing.
 */
export type OutboxRow = {
  id: string;
  kind: string;
  auditChain: string | null;
  auditSeq: number | null;
  projectId: string | null;
  releaseId: string | null;
  actorId: string | null;
  payload: { type?: string; subject?: { kind: string; id: string; label: string }; data?: unknown; actor?: { id: string | null; name: string }; assigneeId?: string | null; [key: string]: unknown };
  createdAt: Date;
};

/**
 * Receives every outbox row inside the fan-out's transaction and creates its
 * own deliveries there (createDeliveries, lib/notifications/deliveries.ts).
 * Webhooks subscribe here.
 */
export type OutboxSubscriber = (sql: Sql, row: OutboxRow) => Promise<void>;
export const OUTBOX_SUBSCRIBERS: OutboxSubscriber[] = [webhookSubscriber, githubReviewSubscriber];

export const OUTBOX_COLUMNS = `id::text, kind, audit_chain AS "auditChain", audit_seq AS "auditSeq", project_id::text AS "projectId", release_id::text AS "releaseId",
  actor_id::text AS "actorId", payload, created_at AS "createdAt"`;

export async function fanOut(outboxId: string): Promise<{ done: boolean }> {
  return sqlTransaction(async (sql) => {
    const [row] = await sql.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM notification_outbox WHERE id = $1::bigint AND fanned_out_at IS NULL FOR UPDATE SKIP LOCKED`, [outboxId]);
    if (!row) return { done: false };
    for (const subscriber of OUTBOX_SUBSCRIBERS) await subscriber(sql, row);
    await sql.query(`UPDATE notification_outbox SET fanned_out_at = now() WHERE id = $1::bigint`, [outboxId]);
    return { done: true };
  });
}
