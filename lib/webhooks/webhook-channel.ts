import "server-only";
import { randomUUID } from "node:crypto";
import { publicBaseUrl, publicLink } from "../config/public-url";
import type { Sql } from "../db/sql";
import { sqlQuery } from "../db/sql";
import { createDeliveries, DeliveryError, type DeliveryChannel, type DeliveryRow } from "../notifications/deliveries";
import type { OutboxRow } from "../notifications/fan-out";
import { releasePath } from "../projects/paths";
import { postWebhook, WebhookSendError } from "./post-webhook";
import { signedHeaders } from "./signature";
import { buildMessage, type ReleaseFacts, slackBody, standardBody, type WebhookMessage, webhookEventsOf } from "./webhook-message";
import type { WebhookEvent } from "./webhook.schema";

/**
 * Webhooks on the notification queue (docs/decisions/025, 026): each message
 * to each webhook is a delivery of the channel "webhook" (status, attempts,
 * response code, duration, retries with backoff, dead after the last try,
 * resend). The outbox subscriber decides them in the fan-out's transaction;
 * the channel sends one, outside any transaction, with the webhook's current
 * URL and secrets (a rotated secret signs beside the new one until its overlap
 * ends), never slowing the change that caused it.
 */
export const WEBHOOK_CHANNEL = "webhook";

/** Eight tries over about two hours: 30 s, 1, 2, 4, 8, 16, 32, then dead. */
export const WEBHOOK_RETRY = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

type WebhookPayload = { webhookId: string; messageId: string; message: WebhookMessage };

/** The fan-out's subscriber: one delivery per (webhook of the row's project that wants the event, event). */
export async function webhookSubscriber(sql: Sql, row: OutboxRow): Promise<void> {
  if (!row.projectId) return;
  const events = webhookEventsOf(row);
  if (events.length === 0) return;
  const hooks = await sql.query<{ id: string; events: string[] }>(`SELECT id::text, events FROM webhooks WHERE project_id = $1::uuid ORDER BY created_at`, [row.projectId]);
  const wanted = hooks.flatMap((hook) => events.filter((event) => hook.events.length === 0 || hook.events.includes(event)).map((event) => ({ hook, event })));
  if (wanted.length === 0) return;
  const [facts] = await sql.query<{ key: string; name: string; rid: string | null; version: string | null; status: string | null; ekey: string | null; ename: string | null }>(
    `SELECT p.key, p.name, r.id::text AS rid, r.version, r.status::text AS status, e.key AS ekey, e.name AS ename
     FROM projects p LEFT JOIN releases r ON r.id = $2::uuid LEFT JOIN environments e ON e.id = r.environment_id WHERE p.id = $1::uuid`,
    [row.projectId, row.releaseId],
  );
  if (!facts) return;
  const release: ReleaseFacts | null =
    facts.rid && facts.version && facts.status && facts.ekey && facts.ename
      ? { id: facts.rid, version: facts.version, status: facts.status, environment: { key: facts.ekey, name: facts.ename }, url: publicLink(releasePath(facts.key, facts.rid), publicBaseUrl()) }
      : null;
  await createDeliveries(
    sql,
    wanted.map(({ hook, event }) => ({
      channel: WEBHOOK_CHANNEL,
      idempotencyKey: `webhook:${hook.id}:${row.id}:${event}`,
      target: hook.id,
      category: event,
      projectId: row.projectId,
      outboxId: row.id,
      payload: { webhookId: hook.id, messageId: `msg_${randomUUID().replaceAll("-", "")}`, message: buildMessage(event as WebhookEvent, row, { key: facts.key, name: facts.name }, release) } satisfies WebhookPayload,
      maxAttempts: WEBHOOK_RETRY.maxAttempts,
    })),
  );
}

export const webhookChannel: DeliveryChannel = {
  name: WEBHOOK_CHANNEL,
  retry: WEBHOOK_RETRY,
  async send(delivery: DeliveryRow) {
    const payload = delivery.payload as unknown as WebhookPayload;
    const [hook] = await sqlQuery<{ url: string; format: string; secret: string; previous: string | null }>(
      `SELECT url, format, secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous FROM webhooks WHERE id = $1::uuid`,
      [payload.webhookId],
    );
    if (!hook) throw new DeliveryError("The webhook was removed.", { permanent: true });
    const body = hook.format === "slack" ? slackBody(payload.message) : standardBody(payload.message);
    const secrets = hook.previous ? [hook.secret, hook.previous] : [hook.secret];
    try {
      const { responseCode } = await postWebhook(hook.url, signedHeaders(secrets, payload.messageId, Math.floor(Date.now() / 1000), body), body);
      return { responseCode };
    } catch (error) {
      if (error instanceof WebhookSendError) throw new DeliveryError(error.message, error.options);
      throw error;
    }
  },
};
