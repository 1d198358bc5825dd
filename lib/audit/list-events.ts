import "server-only";
import { z } from "zod";
import { db, Prisma } from "../db/client";
import { type Actor, actorSchema } from "./actor";
import { AUDIT_EVENT_SCHEMAS, AUDIT_EVENT_TYPES, type AuditEventType, type AuditSubject, isAuditEventType, subjectSchema } from "./event-types";
import { formatEvent } from "./format-event";
import { bigIdField, dateField, wholeNumberField } from "../http/parse-id";
import { readableProjectIds } from "../auth/permissions";
import { releaseChain } from "./append-event";
import type { Viewer } from "../releases/visibility";

/**
 * The global audit log (admins and auditors): newest first, filterable,
 * keyset-paginated. An auditor scoped to some projects (ADR 022) sees only the
 * events of those projects' releases: the organisation's own events (users,
 * sign-ins, other projects) are not theirs to read.
 */

export const listEventsSchema = z.object({
  type: z.enum(AUDIT_EVENT_TYPES as [AuditEventType, ...AuditEventType[]]).optional(),
  category: z.enum(["auth", "user", "signoff_role", "template", "release", "item", "signoff", "token", "environment"]).optional(),
  actor: z.string().trim().max(254).optional(),
  from: dateField("From").optional(),
  to: dateField("To").optional(),
  before: bigIdField("Unknown page.").optional(),
  limit: wholeNumberField("limit", { min: 1, max: 200 }).default(50),
});
export type ListEventsInput = z.input<typeof listEventsSchema>;

export type EventRow = {
  id: string;
  chain: string;
  seq: number;
  type: AuditEventType;
  occurredAt: Date;
  actor: Actor;
  subject: AuditSubject;
  sentence: string;
  origin: { address: string; userAgent: string };
  hash: string;
};

export async function listEvents(raw: ListEventsInput, viewer: Viewer): Promise<{ events: EventRow[]; nextBefore?: string }> {
  const input = listEventsSchema.parse(raw);
  const projects = viewer === "system" ? "all" : readableProjectIds(viewer);
  const chains =
    projects === "all"
      ? undefined
      : (await db.release.findMany({ where: { projectId: { in: projects } }, select: { id: true } })).map((release) => releaseChain(release.id));
  const where: Prisma.AuditEventWhereInput = {
    ...(chains ? { chain: { in: chains } } : {}),
    ...(input.type ? { type: input.type } : input.category ? { type: { startsWith: `${input.category}.` } } : {}),
    ...(input.actor
      ? {
          OR: [
            { actor: { path: ["email"], string_contains: input.actor.toLowerCase() } },
            { actor: { path: ["name"], string_contains: input.actor } },
          ],
        }
      : {}),
    ...(input.from || input.to ? { occurredAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } } : {}),
    ...(input.before ? { id: { lt: input.before } } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: input.limit + 1 });
  const events = rows.slice(0, input.limit).flatMap((row) => {
    if (!isAuditEventType(row.type)) return [];
    const actor = actorSchema.parse(row.actor);
    const subject = subjectSchema.parse(row.subject);
    const data = AUDIT_EVENT_SCHEMAS[row.type].parse(row.data);
    return [
      {
        id: row.id.toString(),
        chain: row.chain,
        seq: row.seq,
        type: row.type,
        occurredAt: row.occurredAt,
        actor,
        subject,
        sentence: formatEvent({ type: row.type, actor, subject, data } as Parameters<typeof formatEvent>[0]),
        origin: row.origin as { address: string; userAgent: string },
        hash: row.hash,
      },
    ];
  });
  const more = rows.length > input.limit;
  return { events, ...(more && events.length ? { nextBefore: events.at(-1)?.id } : {}) };
}
