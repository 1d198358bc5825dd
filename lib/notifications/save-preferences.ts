import "server-only";
import { sqlQuery, sqlTransaction } from "../db/sql";
import { NOTIFICATION_CATEGORIES, PERSONAL_CHANNELS } from "./categories";
import { defaultPreferences, type Preferences } from "./preferences";
import { savePreferencesSchema, type SavePreferencesInput } from "./preferences.schema";

/** The user's choices, every combination filled in (on unless turned off). */
export async function getPreferences(userId: string): Promise<Preferences> {
  const channels = defaultPreferences();
  const rows = await sqlQuery<{ category: string; channel: string; enabled: boolean }>(`SELECT category, channel, enabled FROM notification_preferences WHERE user_id = $1::uuid`, [userId]);
  for (const row of rows) {
    const byChannel = (channels as Record<string, Record<string, boolean>>)[row.category];
    if (byChannel && row.channel in byChannel) byChannel[row.channel] = row.enabled;
  }
  const [user] = await sqlQuery<{ digest: boolean }>(`SELECT email_digest AS digest FROM users WHERE id = $1::uuid`, [userId]);
  return { channels, emailDigest: user?.digest ?? false };
}

/** Saves every combination at once (the form shows them all): those listed in `on` are on, the rest off. */
export async function savePreferences(userId: string, raw: SavePreferencesInput): Promise<void> {
  const input = savePreferencesSchema.parse(raw);
  const on = new Set(input.on);
  await sqlTransaction(async (sql) => {
    for (const category of NOTIFICATION_CATEGORIES) {
      for (const channel of PERSONAL_CHANNELS) {
        await sql.query(
          `INSERT INTO notification_preferences (user_id, category, channel, enabled, updated_at) VALUES ($1::uuid, $2, $3, $4, now())
           ON CONFLICT (user_id, category, channel) DO UPDATE SET enabled = excluded.enabled, updated_at = now()`,
          [userId, category, channel, on.has(`${category}.${channel}`)],
        );
      }
    }
    // Switching the digest on starts it from now: what was already mailed one by one is not mailed again.
    await sql.query(
      `UPDATE users SET digest_sent_at = CASE WHEN $2 AND NOT email_digest THEN now() ELSE digest_sent_at END, email_digest = $2 WHERE id = $1::uuid`,
      [userId, input.emailDigest],
    );
  });
}

/** Turns one category's email off (an unsubscribe link; the signature is checked by the caller). */
export async function turnOffEmail(userId: string, category: string): Promise<void> {
  await sqlQuery(
    `INSERT INTO notification_preferences (user_id, category, channel, enabled, updated_at)
     SELECT id, $2, 'email', false, now() FROM users WHERE id = $1::uuid
     ON CONFLICT (user_id, category, channel) DO UPDATE SET enabled = false, updated_at = now()`,
    [userId, category],
  );
}
