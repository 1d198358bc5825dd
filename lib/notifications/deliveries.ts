/**
 * Deliveries: one row per (recipient or target, channel) of a happening, sent
 * by the job queue at least once, with retries, and dead after the last try
 * (shown on /admin/deliveries, where an admin can retry). docs/decisions/025.
 *
 * ## Adding a channel (e.g. webhooks)
 * 1. Write a `DeliveryChannel` (below): `send(delivery)` does the network call
 *    and returns `{ responseCode }`, or throws (a `DeliveryError` with
 *    `permanent: true` for a failure no retry can fix, e.g. a refused
 *    address); `retry` sets its attempts and backoff.
 * 2. Register it in `CHANNELS` in lib/jobs/tasks.ts.
 * 3. Create its deliveries with `createDeliveries(sql, [...])` in the
 *    transaction that decides them: for happenings, an outbox subscriber
 *    (`OUTBOX_SUBSCRIBERS` in lib/notifications/fan-out.ts) receives every
 *    outbox row in the fan-out's transaction; or anywhere else (a "resend").
 *    Each spec has an idempotency key, unique across all deliveries: the same
 *    key twice is one delivery (it also goes out with the message, so a
 *    receiver can drop a repeat).
 * Nothing else: the task `deliveries.send` loads the row, calls the channel,
 * records status, attempts, last error, response code and duration, and
 * schedules the next try with exponential backoff and jitter.
 */
import type { Sql } from "../db/sql";
import { enqueueJob } from "../jobs/enqueue";

export const SEND_TASK = "deliveries.send";

export const DELIVERY_STATUSES = ["pending", "retrying", "delivered", "dead", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type RetryPolicy = {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** The wait after the first failure; doubles after each further one. */
  baseDelayMs: number;
  /** The longest wait between two tries. */
  maxDelayMs: number;
};

export type DeliveryRow = {
  id: string;
  channel: string;
  idempotencyKey: string;
  recipientUserId: string | null;
  target: string | null;
  category: string | null;
  projectId: string | null;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
};

export type DeliveryChannel = {
  name: string;
  retry: RetryPolicy;
  /** Sends one delivery; throws when it did not arrive. */
  send(delivery: DeliveryRow): Promise<{ responseCode?: number }>;
  /** Optional: false when the delivery is no longer wanted (e.g. a reminder whose role has signed since): cancelled, not sent. */
  stillWanted?(delivery: DeliveryRow): Promise<boolean>;
};

/** A failed try. `permanent`: no retry can help (dead at once); `responseCode`: what the other side answered. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { permanent?: boolean; responseCode?: number } = {},
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export type DeliverySpec = {
  channel: string;
  idempotencyKey: string;
  recipientUserId?: string | null;
  target?: string | null;
  category?: string | null;
  projectId?: string | null;
  outboxId?: string | number | bigint | null;
  payload: Record<string, unknown>;
  maxAttempts: number;
  /** Not before this moment (a digest's hour); default: now. */
  runAt?: Date;
};

/**
 * Creates deliveries (a repeated idempotency key is skipped) and queues the
 * first try of each new one, in the caller's transaction. Returns the ids created.
 */
export async function createDeliveries(sql: Sql, specs: DeliverySpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) {
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO deliveries (channel, idempotency_key, outbox_id, recipient_user_id, target, category, project_id, payload, max_attempts, next_attempt_at)
       VALUES ($1, $2, $3::bigint, $4::uuid, $5, $6, $7::uuid, $8::jsonb, $9, coalesce($10::timestamptz, now()))
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id::text`,
      [spec.channel, spec.idempotencyKey, spec.outboxId?.toString() ?? null, spec.recipientUserId ?? null, spec.target ?? null, spec.category ?? null, spec.projectId ?? null, JSON.stringify(spec.payload), spec.maxAttempts, spec.runAt ?? null],
    );
    if (!row) continue;
    await enqueueJob(sql, SEND_TASK, { deliveryId: row.id }, { runAt: spec.runAt, jobKey: `delivery:${row.id}`, maxAttempts: 3 });
    ids.push(row.id);
  }
  return ids;
}

/**
 * The wait before try `attempt + 1` after `attempt` tries failed: exponential
 * (base × 2^(attempt−1), at most maxDelayMs) with "equal jitter": half of it
 * fixed, half random, so many deliveries failing together (a target down)
 * spread out instead of returning in step.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** What one try left behind: the next state of the delivery. */
export type TryOutcome =
  | { status: "delivered"; responseCode: number | null; durationMs: number }
  | { status: "retrying"; error: string; responseCode: number | null; durationMs: number; nextAttemptAt: Date }
  | { status: "dead"; error: string; responseCode: number | null; durationMs: number };

/** The state after a failed try number `attempt` (1-based). */
export function afterFailure(policy: RetryPolicy, attempt: number, maxAttempts: number, error: unknown, durationMs: number, now: Date, random?: () => number): TryOutcome {
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 500);
  const responseCode = error instanceof DeliveryError ? (error.options.responseCode ?? null) : null;
  const permanent = error instanceof DeliveryError && error.options.permanent === true;
  if (permanent || attempt >= maxAttempts) return { status: "dead", error: message, responseCode, durationMs };
  return { status: "retrying", error: message, responseCode, durationMs, nextAttemptAt: new Date(now.getTime() + retryDelayMs(policy, attempt, random)) };
}
