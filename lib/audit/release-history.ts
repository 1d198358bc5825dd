import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { type Actor, actorSchema } from "./actor";
import { releaseChain } from "./append-event";
import { AUDIT_EVENT_SCHEMAS, type AuditEventData, isAuditEventType, subjectSchema } from "./event-types";
import { formatEvent } from "./format-event";
import { requireId } from "../http/parse-id";

/**
 * A release's history from its audit chain alone: the timeline of sentences,
 * and the checklist reconstructed as it was after any event ("as of").
 */

export type TimelineEvent = {
  seq: number;
  type: string;
  occurredAt: string;
  actor: Actor;
  sentence: string;
  hash: string;
  /** item.updated only: the status the item moved to, when its status changed ("done" is a tick). */
  itemStatus?: string;
};

type ParsedEvent = { seq: number; type: string; occurredAt: Date; actor: Actor; data: unknown; hash: string; sentence: string };

async function releaseEvents(releaseId: string, uptoSeq?: number): Promise<ParsedEvent[]> {
  releaseId = requireId(releaseId, "Release not found.");
  const rows = await db.auditEvent.findMany({
    where: { chain: releaseChain(releaseId), ...(uptoSeq ? { seq: { lte: uptoSeq } } : {}) },
    orderBy: { seq: "asc" },
  });
  return rows.flatMap((row) => {
    if (!isAuditEventType(row.type)) return [];
    const actor = actorSchema.parse(row.actor);
    const subject = subjectSchema.parse(row.subject);
    const data = AUDIT_EVENT_SCHEMAS[row.type].parse(row.data);
    const sentence = formatEvent({ type: row.type, actor, subject, data } as Parameters<typeof formatEvent>[0]);
    return [{ seq: row.seq, type: row.type, occurredAt: row.occurredAt, actor, data, hash: row.hash, sentence }];
  });
}

export async function releaseTimeline(releaseId: string): Promise<TimelineEvent[]> {
  return (await releaseEvents(releaseId)).map((event) => ({
    seq: event.seq,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    actor: event.actor,
    sentence: event.sentence,
    hash: event.hash,
    ...movedTo(event),
  }));
}

function movedTo(event: ParsedEvent): { itemStatus?: string } {
  if (event.type !== "item.updated") return {};
  const { before, after } = event.data as AuditEventData<"item.updated">;
  return before.status === after.status ? {} : { itemStatus: after.status };
}

export type ReconstructedItem = { status: string; reason: string | null; note: string | null; evidenceLinks: string[]; assignee: string | null; by: string | null; at: string | null };
export type ReconstructedSignoff = { role: string; printedName: string; meaning: string; signedAt: string; contentHash: string; status: "active" | "stale" | "revoked"; reason?: string };
export type ReleaseAsOf = {
  seq: number;
  at: string;
  status: string;
  items: Record<string, ReconstructedItem>;
  signoffs: ReconstructedSignoff[];
};

/** Replays the release's chain up to `seq` (inclusive): item states, signatures and status, from the trail only. */
export async function releaseAsOf(releaseId: string, seq: number, itemKeys: string[]): Promise<ReleaseAsOf> {
  const events = await releaseEvents(releaseId, seq);
  const last = events.at(-1);
  if (!last) throw new AppError("NOT_FOUND", "No such moment in this release's history.");
  const items: Record<string, ReconstructedItem> = Object.fromEntries(
    itemKeys.map((key) => [key, { status: "open", reason: null, note: null, evidenceLinks: [], assignee: null, by: null, at: null }]),
  );
  const signoffs: ReconstructedSignoff[] = [];
  let status = "draft";
  for (const event of events) {
    if (event.type === "item.updated") {
      const data = event.data as AuditEventData<"item.updated">;
      items[data.itemKey] = { ...data.after, by: event.actor.name, at: event.occurredAt.toISOString() };
    } else if (event.type === "release.status_changed") {
      status = (event.data as AuditEventData<"release.status_changed">).after.status;
    } else if (event.type === "signoff.signed") {
      const data = (event.data as AuditEventData<"signoff.signed">).after;
      signoffs.push({ role: data.role, printedName: data.printedName, meaning: data.meaning, signedAt: event.occurredAt.toISOString(), contentHash: data.contentHash, status: "active" });
    } else if (event.type === "signoff.stale" || event.type === "signoff.revoked") {
      const data = event.data as AuditEventData<"signoff.stale">;
      // A role with a quorum has several live signatures: the event names the signer by printed name (the only name it records).
      const live = [...signoffs].reverse().filter((entry) => entry.role === data.role && entry.status === "active");
      const target = live.find((entry) => entry.printedName === data.printedName) ?? live[0];
      if (target) {
        target.status = event.type === "signoff.stale" ? "stale" : "revoked";
        target.reason = data.reason;
      }
    }
  }
  return { seq: last.seq, at: last.occurredAt.toISOString(), status, items, signoffs };
}
