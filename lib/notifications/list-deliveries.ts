import "server-only";
import { sqlQuery } from "../db/sql";
import type { DeliveryStatus } from "./deliveries";

export type DeliveryListRow = {
  id: string;
  channel: string;
  category: string | null;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  responseCode: number | null;
  durationMs: number | null;
  recipient: string | null;
  target: string | null;
  projectKey: string | null;
  subject: string | null;
  createdAt: Date;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
};

export const DELIVERY_LIST_LIMIT = 200;

/** The newest deliveries of every channel (dead ones first when asked for), with who or what each went to; for /admin/deliveries. */
export async function listDeliveries(filter: { status?: DeliveryStatus } = {}): Promise<{ rows: DeliveryListRow[]; counts: Record<DeliveryStatus, number> }> {
  const [rows, counts] = await Promise.all([
    sqlQuery<DeliveryListRow>(
      `SELECT d.id::text, d.channel, d.category, d.status, d.attempts, d.max_attempts AS "maxAttempts", d.last_error AS "lastError",
              d.response_code AS "responseCode", d.duration_ms AS "durationMs", u.email AS recipient, d.target, p.key AS "projectKey",
              d.payload->>'subject' AS subject, d.created_at AS "createdAt", d.next_attempt_at AS "nextAttemptAt", d.delivered_at AS "deliveredAt"
       FROM deliveries d
       LEFT JOIN users u ON u.id = d.recipient_user_id
       LEFT JOIN projects p ON p.id = d.project_id
       WHERE $1::text IS NULL OR d.status = $1
       ORDER BY d.created_at DESC, d.id
       LIMIT ${DELIVERY_LIST_LIMIT}`,
      [filter.status ?? null],
    ),
    sqlQuery<{ status: DeliveryStatus; n: number }>(`SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`),
  ]);
  const byStatus = { pending: 0, retrying: 0, delivered: 0, dead: 0, cancelled: 0 } as Record<DeliveryStatus, number>;
  for (const entry of counts) byStatus[entry.status] = entry.n;
  return { rows, counts: byStatus };
}
