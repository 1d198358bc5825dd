import type { Sql } from "../db/sql";
import { NOTIFICATION_CATEGORIES, PERSONAL_CHANNELS, type NotificationCategory, type PersonalChannel } from "./categories";

/**
 * A person's choices per category and channel: every combination is on
 * unless they turned it off (a row with enabled = false), plus whether email
 * comes once a day (a digest) instead of one mail each.
 */
export type Preferences = { channels: Record<NotificationCategory, Record<PersonalChannel, boolean>>; emailDigest: boolean };

export function defaultPreferences(): Preferences["channels"] {
  return Object.fromEntries(NOTIFICATION_CATEGORIES.map((category) => [category, Object.fromEntries(PERSONAL_CHANNELS.map((channel) => [channel, true]))])) as Preferences["channels"];
}

/** For the fan-out: for each user, whether `category` is on for each channel, and their digest choice. */
export async function channelsFor(sql: Sql, userIds: string[], category: NotificationCategory): Promise<Map<string, { inapp: boolean; email: boolean; digest: boolean; address: string; name: string }>> {
  const rows = await sql.query<{ id: string; email: string; name: string; digest: boolean; inapp: boolean | null; mail: boolean | null }>(
    `SELECT u.id::text, u.email, u.name, u.email_digest AS digest,
            (SELECT enabled FROM notification_preferences p WHERE p.user_id = u.id AND p.category = $2 AND p.channel = 'inapp') AS inapp,
            (SELECT enabled FROM notification_preferences p WHERE p.user_id = u.id AND p.category = $2 AND p.channel = 'email') AS mail
     FROM users u WHERE u.id = ANY($1::uuid[]) AND u.disabled_at IS NULL`,
    [userIds, category],
  );
  return new Map(rows.map((row) => [row.id, { inapp: row.inapp ?? true, email: row.mail ?? true, digest: row.digest, address: row.email, name: row.name }]));
}
