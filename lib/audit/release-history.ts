import "server-only";
import { db } from "../db/client";
import { sqlQuery } from "../db/sql";
import { AppError } from "../errors/app-error";
import { type Actor, actorSchema } from "./actor";
import { releaseChain } from "./append-event";
import { AUDIT_EVENT_SCHEMAS, type AuditEventData, isAuditEventType, subjectSchema } from "./event-types";
import { formatEvent } from "./format-event";
import { requireId } from "../http/parse-id";
import { ACTOR_KEY_SQL, actorName, EVENT_KINDS, type EventKind, groupTimeline, pageOfRows, rowHolds, rowSeq, type TimelineEntry } from "./timeline";

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

async function releaseEvents(releaseId: string, which: { uptoSeq?: number; seqs?: number[] } = {}): Promise<ParsedEvent[]> {
  releaseId = requireId(releaseId, "Release not found.");
  const rows = await db.auditEvent.findMany({
    where: { chain: releaseChain(releaseId), ...(which.uptoSeq ? { seq: { lte: which.uptoSeq } } : {}), ...(which.seqs ? { seq: { in: which.seqs } } : {}) },
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

const toTimelineEvent = (event: ParsedEvent): TimelineEvent => ({
  seq: event.seq,
  type: event.type,
  occurredAt: event.occurredAt.toISOString(),
  actor: event.actor,
  sentence: event.sentence,
  hash: event.hash,
  ...movedTo(event),
});

/** Every event of the release as a sentence, oldest first (the certificate and short timelines). */
export async function releaseTimeline(releaseId: string): Promise<TimelineEvent[]> {
  return (await releaseEvents(releaseId)).map(toTimelineEvent);
}

/** Some events of the release, by their numbers (e.g. the "as of" moment). */
export async function releaseTimelineEvents(releaseId: string, seqs: number[]): Promise<TimelineEvent[]> {
  if (seqs.length === 0) return [];
  return (await releaseEvents(releaseId, { seqs })).map(toTimelineEvent);
}

export type TimelineFilter = { kind?: EventKind; actor?: string };

/** A row of the archive's timeline page: one event, or a run of item changes whose events are there only when the group is open. */
export type TimelineRowView =
  | { kind: "event"; event: TimelineEvent }
  | { kind: "group"; firstSeq: number; lastSeq: number; count: number; actorName: string; allTicks: boolean; from: string; to: string; events: TimelineEvent[] | null };

export type ReleaseTimelineView = {
  /** Every event of the release, and the last one's number (events are numbered 1..head). */
  total: number;
  head: number;
  /** Everyone who appears in the whole timeline, in order of first appearance (the filter's choices). */
  actors: { key: string; name: string }[];
  /** Events matching the filter. */
  matching: number;
  rows: TimelineRowView[];
  page: number;
  pages: number;
};

type EntryRow = { seq: number; type: string; occurred_at: Date; kind: string; id: string | null; name: string; token_id: string | null; item_status: string | null };

/**
 * The archive's timeline, one page at a time, however long the release's
 * history (a 1,000-item checklist ticked by CI is over a thousand events):
 * the filter (a kind of event, an actor) is applied in the query; runs of
 * item changes are grouped (timeline.ts) over light rows (number, type, time,
 * actor, the status an item moved to); only the page's rows become sentences,
 * and a group's events only when it is open (`open`: its first event) or
 * holds the "as of" moment (`asOf`, whose page is shown when no `page` is given).
 */
export async function releaseTimelineView(
  releaseId: string,
  options: TimelineFilter & { page?: number; open?: number; asOf?: number } = {},
): Promise<ReleaseTimelineView> {
  releaseId = requireId(releaseId, "Release not found.");
  const chain = releaseChain(releaseId);
  const [summary] = await sqlQuery<{ total: number; head: number | null }>(`SELECT count(*)::int AS total, max(seq) AS head FROM audit_events WHERE chain = $1`, [chain]);
  const actorRows = await sqlQuery<{ key: string; name: string; token_id: string | null }>(
    `SELECT key, actor->>'name' AS name, nullif(actor->>'tokenId', '') AS token_id FROM (
       SELECT DISTINCT ON (key) ${ACTOR_KEY_SQL} AS key, actor, seq FROM audit_events WHERE chain = $1 ORDER BY key, seq
     ) first_seen ORDER BY seq`,
    [chain],
  );
  const conditions = ["chain = $1"];
  const values: unknown[] = [chain];
  if (options.kind) {
    values.push([...EVENT_KINDS[options.kind].types]);
    conditions.push(`type = ANY($${values.length}::text[])`);
  }
  if (options.actor) {
    values.push(options.actor);
    conditions.push(`${ACTOR_KEY_SQL} = $${values.length}`);
  }
  const entryRows = await sqlQuery<EntryRow>(
    `SELECT seq, type, occurred_at, actor->>'kind' AS kind, actor->>'id' AS id, actor->>'name' AS name, nullif(actor->>'tokenId', '') AS token_id,
            CASE WHEN type = 'item.updated' AND data->'before'->>'status' IS DISTINCT FROM data->'after'->>'status' THEN data->'after'->>'status' END AS item_status
       FROM audit_events WHERE ${conditions.join(" AND ")} ORDER BY seq`,
    values,
  );
  const entries: TimelineEntry[] = entryRows
    .filter((row) => isAuditEventType(row.type))
    .map((row) => ({
      seq: row.seq,
      type: row.type,
      occurredAt: row.occurred_at.toISOString(),
      actor: { kind: row.kind, name: row.name, ...(row.id === null ? {} : { id: row.id }), ...(row.token_id === null ? {} : { tokenId: row.token_id }) },
      ...(row.item_status === null ? {} : { itemStatus: row.item_status }),
    }));
  const paged = pageOfRows(groupTimeline(entries), { page: options.page, near: options.asOf });
  const isOpen = (row: (typeof paged.rows)[number]) => row.kind === "group" && (rowSeq(row) === options.open || (options.asOf !== undefined && rowHolds(row, options.asOf)));
  // Sentences for the page's events and its open groups' events only.
  const wanted = paged.rows.flatMap((row) => (row.kind === "event" ? [row.event.seq] : isOpen(row) ? row.events.map((event) => event.seq) : []));
  const events = new Map((await releaseTimelineEvents(releaseId, wanted)).map((event) => [event.seq, event]));
  const rows = paged.rows.flatMap((row): TimelineRowView[] => {
    if (row.kind === "event") {
      const event = events.get(row.event.seq);
      return event ? [{ kind: "event", event }] : [];
    }
    return [
      {
        kind: "group",
        firstSeq: row.events[0]!.seq,
        lastSeq: row.events.at(-1)!.seq,
        count: row.events.length,
        actorName: row.actorName,
        allTicks: row.allTicks,
        from: row.from,
        to: row.to,
        events: isOpen(row) ? row.events.flatMap((entry) => events.get(entry.seq) ?? []) : null,
      },
    ];
  });
  return {
    total: summary?.total ?? 0,
    head: summary?.head ?? 0,
    actors: actorRows.map((row) => ({ key: row.key, name: actorName({ kind: "", name: row.name, ...(row.token_id ? { tokenId: row.token_id } : {}) }) })),
    matching: entries.length,
    rows,
    page: paged.page,
    pages: paged.pages,
  };
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
  const events = await releaseEvents(releaseId, { uptoSeq: seq });
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
