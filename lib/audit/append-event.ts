import type { Tx } from "../db/client";
import { Prisma } from "../db/client";
import { type AuditContext, actorSchema, originSchema } from "./actor";
import { AUDIT_EVENT_SCHEMAS, type AuditEventData, type AuditEventType, type AuditSubject, subjectSchema } from "./event-types";
import { GENESIS_HASH, hashEvent } from "./hash";
import { countAuditEvent } from "../observability/metrics";

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

/**
 * Appends one event to its chain inside the caller's transaction, so the
 * change and its event commit together or not at all. A transaction-scoped
 * advisory lock per chain serialises writers of that chain only.
 */
export async function appendAuditEvent<T extends AuditEventType>(
  tx: Tx,
  context: AuditContext,
  input: AppendInput<T>,
): Promise<AppendedEvent> {
  const chain = input.chain ?? GLOBAL_CHAIN;
  const data = scrub(AUDIT_EVENT_SCHEMAS[input.type].parse(input.data));
  const actor = scrub(actorSchema.parse(context.actor));
  const origin = scrub(originSchema.parse(context.origin));
  const subject = scrub(subjectSchema.parse(input.subject));

  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${chain}, 7))`;
  const head = await tx.auditEvent.findFirst({ where: { chain }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const occurredAt = new Date();
  const content = { chain, seq, type: input.type, occurredAt: occurredAt.toISOString(), actor, subject, data, origin };
  const hash = hashEvent(prevHash, content);
  await tx.auditEvent.create({
    data: {
      chain,
      seq,
      type: input.type,
      occurredAt,
      actor: actor as Prisma.InputJsonValue,
      subject: subject as Prisma.InputJsonValue,
      data: data as Prisma.InputJsonValue,
      origin: origin as Prisma.InputJsonValue,
      prevHash,
      hash,
    },
  });
  countAuditEvent(input.type);
  return { chain, seq, hash };
}
