import { sqlTransaction, type Sql } from "../db/sql";
import { githubReviewSubscriber } from "../github/github-review-channel";
import { webhookSubscriber } from "../webhooks/webhook-channel";
import { composeNotices, type Notice } from "./compose";
import { channelsFor } from "./preferences";
import { publishInboxChange } from "./inbox-notify";
import { emailNotices } from "./mail";

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

/**
 * Sends a notice on each person's channels: an inbox row where "in the app" is
 * on, an email delivery where email is on (lib/notifications/email.ts decides
 * whether mail is configured and whether the person takes a daily digest).
 * Returns who got a new inbox row.
 */
export type NoticeChannel = (sql: Sql, row: OutboxRow, notice: Notice, recipients: Awaited<ReturnType<typeof channelsFor>>) => Promise<void>;
/** Channels a notice goes out on besides the inbox (email registers itself here). */
export const NOTICE_CHANNELS: NoticeChannel[] = [emailNotices];

async function deliverNotice(sql: Sql, row: OutboxRow, notice: Notice): Promise<string[]> {
  const recipients = await channelsFor(sql, notice.userIds, notice.category);
  const inbox = [...recipients].filter(([, choice]) => choice.inapp).map(([id]) => id);
  const added = inbox.length
    ? await sql.query<{ user_id: string }>(
        `INSERT INTO notifications (user_id, outbox_id, category, title, body, path, release_id)
         SELECT u, $2::bigint, $3, $4, $5, $6, $7::uuid FROM unnest($1::uuid[]) AS u
         ON CONFLICT (outbox_id, user_id) DO NOTHING RETURNING user_id::text`,
        [inbox, row.id, notice.category, notice.title.slice(0, 300), notice.body.slice(0, 2_000), notice.path, notice.releaseId],
      )
    : [];
  for (const channel of NOTICE_CHANNELS) await channel(sql, row, notice, recipients);
  return added.map((entry) => entry.user_id);
}

export async function fanOut(outboxId: string): Promise<{ done: boolean; notified: string[] }> {
  const result = await sqlTransaction(async (sql) => {
    const [row] = await sql.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM notification_outbox WHERE id = $1::bigint AND fanned_out_at IS NULL FOR UPDATE SKIP LOCKED`, [outboxId]);
    if (!row) return { done: false, notified: [] };
    const notified = new Set<string>();
    for (const notice of await composeNotices(sql, row)) for (const id of await deliverNotice(sql, row, notice)) notified.add(id);
    for (const subscriber of OUTBOX_SUBSCRIBERS) await subscriber(sql, row);
    await sql.query(`UPDATE notification_outbox SET fanned_out_at = now() WHERE id = $1::bigint`, [outboxId]);
    return { done: true, notified: [...notified] };
  });
  await publishInboxChange(result.notified);
  return result;
}
