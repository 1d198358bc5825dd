import { sqlQuery, sqlTransaction } from "../db/sql";
import { logger } from "../observability/logger";
import { afterFailure, type DeliveryChannel, type DeliveryRow, SEND_TASK, type TryOutcome } from "../notifications/deliveries";
import { enqueueJob } from "./enqueue";

export const DELIVERY_COLUMNS = `id::text, channel, idempotency_key AS "idempotencyKey", recipient_user_id::text AS "recipientUserId", target, category,
  project_id::text AS "projectId", payload, status, attempts, max_attempts AS "maxAttempts"`;

/**
 * One try of one delivery (the task `deliveries.send`): counts the attempt,
 * calls its channel outside any transaction, then records the outcome and,
 * after a failure, queues the next try (exponential backoff with jitter) or
 * marks it dead. A delivery that is no longer pending (sent, dead, cancelled)
 * is left alone, so a repeated job sends nothing twice.
 */
export async function sendDelivery(deliveryId: string, channels: Record<string, DeliveryChannel>, now: () => Date = () => new Date()): Promise<TryOutcome | { status: "cancelled" } | null> {
  const [delivery] = await sqlQuery<DeliveryRow>(
    `UPDATE deliveries SET attempts = attempts + 1, updated_at = now()
     WHERE id = $1::uuid AND status IN ('pending', 'retrying')
     RETURNING ${DELIVERY_COLUMNS}`,
    [deliveryId],
  );
  if (!delivery) return null;
  const channel = channels[delivery.channel];
  if (channel?.stillWanted && !(await channel.stillWanted(delivery))) {
    await sqlQuery(`UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = now() WHERE id = $1::uuid`, [deliveryId]);
    return { status: "cancelled" };
  }
  const started = performance.now();
  let outcome: TryOutcome;
  try {
    if (!channel) throw new Error(`No channel named ${delivery.channel}.`);
    const result = await channel.send(delivery);
    outcome = { status: "delivered", responseCode: result.responseCode ?? null, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const policy = channel?.retry ?? { maxAttempts: 1, baseDelayMs: 1_000, maxDelayMs: 1_000 };
    outcome = afterFailure(policy, delivery.attempts, channel ? delivery.maxAttempts : 1, error, Math.round(performance.now() - started), now());
    logger.warn({ deliveryId, channel: delivery.channel, attempt: delivery.attempts, status: outcome.status, error: "error" in outcome ? outcome.error : null }, "delivery failed");
  }
  await sqlTransaction(async (sql) => {
    await sql.query(
      `UPDATE deliveries SET status = $2, last_error = CASE WHEN $2 = 'delivered' THEN last_error ELSE $3 END, response_code = $4, duration_ms = $5,
              next_attempt_at = $6::timestamptz, delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
       WHERE id = $1::uuid`,
      [deliveryId, outcome.status, "error" in outcome ? outcome.error : null, outcome.responseCode, outcome.durationMs, outcome.status === "retrying" ? outcome.nextAttemptAt : null],
    );
    if (outcome.status === "retrying") await enqueueJob(sql, SEND_TASK, { deliveryId }, { runAt: outcome.nextAttemptAt, jobKey: `delivery:${deliveryId}`, maxAttempts: 3 });
  });
  return outcome;
}
