import "server-only";
import { sqlQuery } from "../db/sql";
import type { NotificationCategory } from "./categories";
import { publishInboxChange } from "./inbox-notify";

export type InboxEntry = { id: string; category: NotificationCategory; title: string; body: string; path: string; createdAt: Date; readAt: Date | null };

export const INBOX_PAGE_SIZE = 100;

/** The user's newest notifications (unread and read). */
export async function listInbox(userId: string, options: { unreadOnly?: boolean } = {}): Promise<InboxEntry[]> {
  return sqlQuery<InboxEntry>(
    `SELECT id::text, category, title, body, path, created_at AS "createdAt", read_at AS "readAt"
     FROM notifications WHERE user_id = $1::uuid AND ($2::boolean IS FALSE OR read_at IS NULL)
     ORDER BY created_at DESC, id LIMIT ${INBOX_PAGE_SIZE}`,
    [userId, options.unreadOnly === true],
  );
}

/** What the bell shows: the user's unread notifications. */
export async function unreadCount(userId: string): Promise<number> {
  const [row] = await sqlQuery<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1::uuid AND read_at IS NULL`, [userId]);
  return row?.n ?? 0;
}

/** Marks the user's own notifications read: the ones named, or all. Other people's ids change nothing. Returns how many changed. */
export async function markRead(userId: string, which: { ids: string[] } | "all"): Promise<number> {
  const rows = await sqlQuery(
    `UPDATE notifications SET read_at = now() WHERE user_id = $1::uuid AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) RETURNING 1 AS changed`,
    [userId, which === "all" ? null : which.ids],
  );
  if (rows.length) await publishInboxChange([userId]);
  return rows.length;
}
