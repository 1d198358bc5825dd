import "server-only";
import { randomUUID } from "node:crypto";
import { sqlQuery, sqlTransaction } from "../db/sql";
import { AppError } from "../errors/app-error";
import { createDeliveries, type DeliveryStatus } from "../notifications/deliveries";
import { WEBHOOK_CHANNEL, WEBHOOK_RETRY } from "./webhook-channel";

/**
 * A webhook's delivery log (its newest messages: event, status, response
 * code, duration, attempts, last error) and "resend": the same message again
 * (same webhook-id, so a receiver that already took it can drop it), as a
 * new delivery with a fresh set of tries, signed with the current secret.
 */
export type WebhookDeliveryRow = {
  id: string;
  event: string | null;
  status: DeliveryStatus;
  attempts: number;
  responseCode: number | null;
  durationMs: number | null;
  lastError: string | null;
  createdAt: Date;
};

export const DELIVERY_LOG_LIMIT = 20;

/** The newest deliveries of a webhook of this project (none for another project's webhook). */
export async function listWebhookDeliveries(projectId: string, webhookId: string): Promise<WebhookDeliveryRow[]> {
  return sqlQuery<WebhookDeliveryRow>(
    `SELECT d.id::text, d.category AS event, d.status, d.attempts, d.response_code AS "responseCode", d.duration_ms AS "durationMs", d.last_error AS "lastError", d.created_at AS "createdAt"
     FROM deliveries d JOIN webhooks w ON w.id::text = d.target AND w.project_id = $1::uuid
     WHERE d.channel = $3 AND d.target = $2
     ORDER BY d.created_at DESC, d.id
     LIMIT ${DELIVERY_LOG_LIMIT}`,
    [projectId, webhookId, WEBHOOK_CHANNEL],
  );
}

export async function resendWebhookDelivery(projectId: string, deliveryId: string): Promise<{ id: string }> {
  return sqlTransaction(async (sql) => {
    const [row] = await sql.query<{ idempotencyKey: string; target: string; category: string | null; payload: Record<string, unknown> }>(
      `SELECT d.idempotency_key AS "idempotencyKey", d.target, d.category, d.payload FROM deliveries d JOIN webhooks w ON w.id::text = d.target AND w.project_id = $2::uuid
       WHERE d.id = $1::uuid AND d.channel = $3`,
      [deliveryId, projectId, WEBHOOK_CHANNEL],
    );
    if (!row) throw new AppError("NOT_FOUND", "Delivery not found.", { deliveryId: ["No such delivery of this project's webhooks."] });
    const [created] = await createDeliveries(sql, [
      { channel: WEBHOOK_CHANNEL, idempotencyKey: `${row.idempotencyKey}:resend:${randomUUID()}`, target: row.target, category: row.category, projectId, payload: row.payload, maxAttempts: WEBHOOK_RETRY.maxAttempts },
    ]);
    return { id: created! };
  });
}
