import nodemailer, { type Transporter } from "nodemailer";
import { publicOrigin } from "../config/settings";
import { sqlQuery, type Sql } from "../db/sql";
import { CATEGORY_LABELS, type NotificationCategory } from "./categories";
import { createDeliveries, DeliveryError, type DeliveryChannel, type DeliveryRow } from "./deliveries";
import type { Notice } from "./compose";
import type { NoticeChannel, OutboxRow } from "./fan-out";
import { unsubscribePath } from "./unsubscribe-token";
import { holdersToSign, waitingRoles } from "./waiting-roles";

/**
 * Email (issue 12): nodemailer over COUNTERSIGN_SMTP_URL, from
 * COUNTERSIGN_MAIL_FROM, with links on COUNTERSIGN_PUBLIC_URL. Off when no
 * SMTP URL is set: no email deliveries are created and the UI says so.
 * Every mail has a plain-text and an HTML part (user text escaped), links to
 * the exact release (and role), and a signed one-click unsubscribe link for
 * its category (RFC 8058 headers too).
 */
export type MailConfig = { smtpUrl: string; from: string; publicUrl: string };

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const smtpUrl = env.COUNTERSIGN_SMTP_URL?.trim();
  if (!smtpUrl) return null;
  const configured = env.COUNTERSIGN_PUBLIC_URL?.trim();
  const publicUrl = (configured && publicOrigin(configured)?.origin) || `http://localhost:${env.PORT?.trim() || "3000"}`;
  const from = env.COUNTERSIGN_MAIL_FROM?.trim() || `Countersign <countersign@${new URL(publicUrl).hostname}>`;
  return { smtpUrl, from, publicUrl };
}

export const mailEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => mailConfig(env) !== null;

const transports = new Map<string, Transporter>();
function transport(smtpUrl: string): Transporter {
  let existing = transports.get(smtpUrl);
  if (!existing) {
    // Bounded waits: a silent server fails the try (and it is retried) instead of holding a worker.
    existing = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(smtpUrl, existing);
  }
  return existing;
}

/** HTML-escapes user text (titles, reasons, names). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!);
}

/** Removes line breaks from a header value (a title is user text). */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ").slice(0, 200);

export type RenderedMail = { subject: string; text: string; html: string; unsubscribeUrl: string };

/** One notification as a mail. */
export function renderNoticeMail(input: { name: string; category: NotificationCategory; title: string; body: string; link: string; unsubscribeUrl: string; preferencesUrl: string }): RenderedMail {
  const category = CATEGORY_LABELS[input.category].title;
  const text = [
    `Hello ${input.name},`,
    "",
    input.title,
    ...(input.body ? ["", input.body] : []),
    "",
    `Open it: ${input.link}`,
    "",
    "--",
    `You get this because "${category}" email is on for you in Countersign.`,
    `Stop these emails: ${input.unsubscribeUrl}`,
    `All your notification settings: ${input.preferencesUrl}`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #111">
<p>Hello ${escapeHtml(input.name)},</p>
<p><strong>${escapeHtml(input.title)}</strong></p>
${input.body ? `<p>${escapeHtml(input.body)}</p>` : ""}
<p><a href="${escapeHtml(input.link)}">Open it in Countersign</a></p>
<hr>
<p style="font-size: 12px; color: #555">You get this because “${escapeHtml(category)}” email is on for you in Countersign.
<a href="${escapeHtml(input.unsubscribeUrl)}">Stop these emails</a> · <a href="${escapeHtml(input.preferencesUrl)}">All your notification settings</a></p>
</body></html>`;
  return { subject: oneLine(input.title), text, html, unsubscribeUrl: input.unsubscribeUrl };
}

/** Eight tries over about two hours (waits of 1, 2, 4, 8, 16, 32 and 60 minutes, each between half and all of that). */
export const EMAIL_RETRY = { maxAttempts: 8, baseDelayMs: 60_000, maxDelayMs: 60 * 60_000 };

/** unsubscribeUrl: the page a person opens; oneClickUrl: where a mail client POSTs (RFC 8058), when the mail has one. */
type MailPayload = { to: string; subject: string; text: string; html: string; unsubscribeUrl: string; oneClickUrl?: string; releaseId?: string | null; role?: string | null };

/** The email channel: one SMTP submission per delivery; any failure (refused, unreachable, 4xx/5xx) is retried. */
export const emailChannel: DeliveryChannel = {
  name: "email",
  retry: EMAIL_RETRY,
  async send(delivery: DeliveryRow) {
    const config = mailConfig();
    if (!config) throw new DeliveryError("Email is off: COUNTERSIGN_SMTP_URL is not set.");
    const payload = delivery.payload as MailPayload;
    try {
      const info = (await transport(config.smtpUrl).sendMail({
        from: config.from,
        to: payload.to,
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
        // The idempotency key makes the Message-ID: a repeat of the same delivery is recognisably the same mail.
        messageId: `<${delivery.idempotencyKey.replace(/[^A-Za-z0-9.:_-]/g, "-")}@countersign>`,
        headers: {
          "X-Countersign-Delivery": delivery.id,
          ...(payload.oneClickUrl ? { "List-Unsubscribe": `<${payload.oneClickUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : { "List-Unsubscribe": `<${payload.unsubscribeUrl}>` }),
        },
      })) as { response?: string };
      const code = Number.parseInt(info.response ?? "", 10);
      return { responseCode: Number.isFinite(code) ? code : 250 };
    } catch (error) {
      const responseCode = (error as { responseCode?: number }).responseCode;
      throw new DeliveryError(error instanceof Error ? error.message : String(error), { responseCode });
    }
  },
  /** A reminder whose role has signed since, or a category the person turned off since, is not sent. */
  async stillWanted(delivery: DeliveryRow) {
    if (delivery.recipientUserId && delivery.category && delivery.category !== "digest") {
      const [pref] = await sqlQuery<{ enabled: boolean }>(`SELECT enabled FROM notification_preferences WHERE user_id = $1::uuid AND category = $2 AND channel = 'email'`, [delivery.recipientUserId, delivery.category]);
      if (pref && !pref.enabled) return false;
    }
    const payload = delivery.payload as MailPayload;
    if (delivery.category === "reminder" && payload.releaseId && payload.role && delivery.recipientUserId) {
      const waiting = (await waitingRoles({ query: sqlQuery }, [payload.releaseId])).find((entry) => entry.role === payload.role);
      if (!waiting) return false;
      // An escalation goes to maintainers (who need not hold the role); a reminder only to holders who have not signed.
      if (delivery.idempotencyKey.includes(":reminder:") && !(await holdersToSign({ query: sqlQuery }, waiting)).includes(delivery.recipientUserId)) return false;
    }
    return true;
  },
};

/** The fan-out's email step: an email delivery per recipient with email on for the category (not for digest takers: the daily digest collects theirs). */
export const emailNotices: NoticeChannel = async (sql: Sql, row: OutboxRow, notice: Notice, recipients) => {
  const config = mailConfig();
  if (!config) return;
  const specs = [...recipients]
    .filter(([, choice]) => choice.email && !choice.digest)
    .map(([userId, choice]) => {
      const mail = renderNoticeMail({
        name: choice.name,
        category: notice.category,
        title: notice.title,
        body: notice.body,
        link: `${config.publicUrl}${notice.path}`,
        unsubscribeUrl: `${config.publicUrl}${unsubscribePath(userId, notice.category)}`,
        preferencesUrl: `${config.publicUrl}/inbox/preferences`,
      });
      return {
        channel: "email",
        idempotencyKey: `email:${row.kind === "reminder" ? "reminder:" : ""}${row.id}:${userId}:${notice.category}`,
        recipientUserId: userId,
        category: notice.category,
        projectId: row.projectId,
        outboxId: row.id,
        payload: { to: choice.address, ...mail, oneClickUrl: `${config.publicUrl}/api${unsubscribePath(userId, notice.category)}`, releaseId: notice.releaseId, role: notice.role ?? null },
        maxAttempts: EMAIL_RETRY.maxAttempts,
      };
    });
  if (specs.length) await createDeliveries(sql, specs);
};
