import type { Tx } from "../db/client";
import { type Sql, sqlOf } from "../db/sql";
import { type AuditContext, actorSchema, originSchema } from "./actor";
import { AUDIT_EVENT_SCHEMAS, type AuditEventData, type AuditEventType, type AuditSubject, subjectSchema } from "./event-types";
import { GENESIS_HASH, hashEvent } from "./hash";
import { countAuditEvent } from "../observability/metrics";
import { isNotifiable, writeOutbox } from "../notifications/outbox";

/** The chain for events that belong to no release (users, roles, sign-ins, templates). */
export const GLOBAL_CHAIN = "global";
export const releaseChain = (releaseId: string) => `release:${releaseId}`;

export type AppendInput<T extends AuditEventType> = {
  type: T;
  subject: AuditSubject;
  data: AuditEventData<T>;
  chain?: string;
};

export type AppendedEvent = { chain: string; seq: number; hash: string };

/** jsonb cannot hold U+0000 or lone surrogates; such characters become U+FFFD. */
export function scrubText(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD").toWellFormed();
}

function scrub<V>(value: V): V {
  if (typeof value === "string") return scrubText(value) as V;
  if (Array.isArray(value)) return value.map((entry) => scrub(entry)) as V;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [scrubText(key), scrub(entry)])) as V;
  }
  return value;
}

/** Where an event is written: a Prisma transaction, or a plain-SQL one on the same pool (the hot paths, lib/db/sql.ts). */
export type AuditTx = Tx | Sql;

async function chainHead(sql: Sql, chain: string): Promise<{ seq: number; hash: string } | null> {
  // The lock function returns void; selecting a constant keeps the result readable by both drivers.
  await sql.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended($1, 7))`, [chain]);
  const [head] = await sql.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM audit_events WHERE chain = $1 ORDER BY seq DESC LIMIT 1`, [chain]);
  return head ?? null;
}

type EventRow = { chain: string; seq: number; type: string; occurredAt: Date; actor: unknown; subject: unknown; data: unknown; origin: unknown; prevHash: string; hash: string };

async function insertEvent(sql: Sql, row: EventRow): Promise<void> {
  await sql.query(
    `INSERT INTO audit_events (chain, seq, type, occurred_at, actor, subject, data, origin, prev_hash, hash)
     VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10)`,
    [row.chain, row.seq, row.type, row.occurredAt, JSON.stringify(row.actor), JSON.stringify(row.subject), JSON.stringify(row.data), JSON.stringify(row.origin), row.prevHash, row.hash],
  );
}

/**
 * Appends one event to its chain inside the caller's transaction, so the
 * change and its event commit together or not at all. A transaction-scoped
 * advisory lock per chain serialises writers of that chain only. A
 * notifiable event (lib/notifications/outbox.ts) also writes its outbox row.
 */
export async function appendAuditEvent<T extends AuditEventType>(
  tx: AuditTx,
  context: AuditContext,
  input: AppendInput<T>,
): Promise<AppendedEvent> {
  const chain = input.chain ?? GLOBAL_CHAIN;
  const data = scrub(AUDIT_EVENT_SCHEMAS[input.type].parse(input.data));
  const actor = scrub(actorSchema.parse(context.actor));
  const origin = scrub(originSchema.parse(context.origin));
  const subject = scrub(subjectSchema.parse(input.subject));

  const sql = sqlOf(tx);
  const head = await chainHead(sql, chain);
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const occurredAt = new Date();
  const content = { chain, seq, type: input.type, occurredAt: occurredAt.toISOString(), actor, subject, data, origin };
  const hash = hashEvent(prevHash, content);
  await insertEvent(sql, { chain, seq, type: input.type, occurredAt, actor, subject, data, origin, prevHash, hash });
  // A notifiable event writes its outbox row (and queues the fan-out) in this same transaction (docs/decisions/025).
  if (isNotifiable({ type: input.type, subject, data })) await writeOutbox(sql, { type: input.type, subject, data, chain, seq, actorId: actor.kind === "user" ? (actor.id ?? null) : null, actorName: actor.name });
  countAuditEvent(input.type);
  return { chain, seq, hash };
}
