import { sqlTransaction } from "../db/sql";
import { CATEGORY_LABELS, type NotificationCategory } from "./categories";
import { createDeliveries } from "./deliveries";
import { EMAIL_RETRY, escapeHtml, mailConfig } from "./mail";

/**
 * The daily digest (graphile-worker cron, 07:00 UTC): for everyone who chose
 * it, one mail listing what reached their inbox since their last digest (at
 * most a day back), in the categories whose email is on for them. Nothing
 * new, no mail. `now` is the clock (tests move it).
 */
export const DIGEST_TASK = "notifications.digest";

type Entry = { category: NotificationCategory; title: string; body: string; path: string; created_at: Date };

export async function queueDigests(now: Date = new Date()): Promise<number> {
  const config = mailConfig();
  if (!config) return 0;
  return sqlTransaction(async (sql) => {
    const users = await sql.query<{ id: string; email: string; name: string; since: Date }>(
      `SELECT id::text, email, name, greatest(coalesce(digest_sent_at, $1::timestamptz - interval '1 day'), $1::timestamptz - interval '1 day') AS since
       FROM users WHERE email_digest AND disabled_at IS NULL FOR UPDATE`,
      [now],
    );
    let queued = 0;
    for (const user of users) {
      const entries = await sql.query<Entry>(
        `SELECT n.category, n.title, n.body, n.path, n.created_at FROM notifications n
         WHERE n.user_id = $1::uuid AND n.created_at > $2 AND n.created_at <= $3
           AND NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = n.user_id AND p.category = n.category AND p.channel = 'email' AND NOT p.enabled)
         ORDER BY n.created_at LIMIT 200`,
        [user.id, user.since, now],
      );
      await sql.query(`UPDATE users SET digest_sent_at = $2 WHERE id = $1::uuid`, [user.id, now]);
      if (entries.length === 0) continue;
      const subject = `Countersign: ${entries.length} notification${entries.length === 1 ? "" : "s"} since your last digest`;
      const link = (path: string) => `${config.publicUrl}${path}`;
      const text = [`Hello ${user.name},`, "", subject, "", ...entries.map((entry) => `- [${CATEGORY_LABELS[entry.category]?.title ?? entry.category}] ${entry.title}\n  ${link(entry.path)}`), "", "--", `Your notification settings: ${link("/inbox/preferences")}`].join("\n");
      const html = `<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5">
<p>Hello ${escapeHtml(user.name)},</p><p><strong>${escapeHtml(subject)}</strong></p>
<ul>${entries.map((entry) => `<li>${escapeHtml(CATEGORY_LABELS[entry.category]?.title ?? entry.category)}: <a href="${escapeHtml(link(entry.path))}">${escapeHtml(entry.title)}</a></li>`).join("")}</ul>
<p style="font-size: 12px; color: #555"><a href="${escapeHtml(link("/inbox/preferences"))}">Your notification settings</a></p></body></html>`;
      const created = await createDeliveries(sql, [
        {
          channel: "email",
          idempotencyKey: `email:digest:${user.id}:${now.toISOString().slice(0, 10)}`,
          recipientUserId: user.id,
          category: "digest",
          payload: { to: user.email, subject, text, html, unsubscribeUrl: link("/inbox/preferences") },
          maxAttempts: EMAIL_RETRY.maxAttempts,
        },
      ]);
      queued += created.length;
    }
    return queued;
  });
}
