/**
 * A release's timeline as rows (client-safe, pure): which events a filter
 * keeps, who an actor is across events, and runs of item changes by one
 * actor within a minute grouped into one row. The use case that reads the
 * events (release-history.ts, releaseTimelineView) filters in its query with
 * the same rules (EVENT_KINDS' types, ACTOR_KEY_SQL) and pages these rows.
 */

/** What grouping and filtering need of an event. */
export type TimelineEntry = {
  seq: number;
  type: string;
  occurredAt: string;
  actor: { kind: string; id?: string; name: string; tokenId?: string };
  /** item.updated only: the status the item moved to, when its status changed ("done" is a tick). */
  itemStatus?: string;
};

/** Consecutive item changes by one actor collapse into one row from this many on; two rows read as easily as one summary. */
export const MIN_GROUP = 3;
/** A group spans at most this long, from its first event to its last. */
export const GROUP_WINDOW_MS = 60_000;
/** Rows (an event, or a group of them) on one page of the timeline. */
export const TIMELINE_PAGE_ROWS = 100;

export type TimelineRow<E extends TimelineEntry = TimelineEntry> =
  | { kind: "event"; event: E }
  | { kind: "group"; actorName: string; events: E[]; allTicks: boolean; from: string; to: string };

/** The same person (or token) across events: the frozen actor's kind and id (else its name), and its token. */
export function actorKey(actor: TimelineEntry["actor"]): string {
  return `${actor.kind}:${actor.id ?? actor.name}${actor.tokenId ? `:${actor.tokenId}` : ""}`;
}

/** actorKey in SQL over an `actor` jsonb column: the query filters with it, so both must agree (tests/integration/release-timeline.test.ts). */
export const ACTOR_KEY_SQL = `(actor->>'kind') || ':' || coalesce(actor->>'id', actor->>'name') || coalesce(':' || nullif(actor->>'tokenId', ''), '')`;

/** "Build Bot", "Max Member via API token": how a filter and a group name the actor. */
export function actorName(actor: TimelineEntry["actor"]): string {
  return `${actor.name}${actor.tokenId ? " via API token" : ""}`;
}

/**
 * The timeline as rows: consecutive item changes (item.updated) by the same
 * actor within a minute of the first become one group row once there are
 * MIN_GROUP of them; every other event stays a row of its own. Order is kept.
 */
export function groupTimeline<E extends TimelineEntry>(events: E[]): TimelineRow<E>[] {
  const rows: TimelineRow<E>[] = [];
  let run: E[] = [];
  const flush = () => {
    if (run.length >= MIN_GROUP) {
      rows.push({
        kind: "group",
        actorName: actorName(run[0]!.actor),
        events: run,
        allTicks: run.every((event) => event.itemStatus === "done"),
        from: run[0]!.occurredAt,
        to: run.at(-1)!.occurredAt,
      });
    } else {
      for (const event of run) rows.push({ kind: "event", event });
    }
    run = [];
  };
  for (const event of events) {
    const first = run[0];
    const joins =
      first !== undefined &&
      event.type === "item.updated" &&
      actorKey(event.actor) === actorKey(first.actor) &&
      Date.parse(event.occurredAt) - Date.parse(first.occurredAt) <= GROUP_WINDOW_MS;
    if (!joins) flush();
    if (event.type === "item.updated") run.push(event);
    else rows.push({ kind: "event", event });
  }
  flush();
  return rows;
}

/** The first event of a row: a group is named (and opened) by it. */
export const rowSeq = (row: TimelineRow): number => (row.kind === "event" ? row.event.seq : row.events[0]!.seq);

/** Whether a row is, or holds, the event `seq`. */
export const rowHolds = (row: TimelineRow, seq: number): boolean =>
  row.kind === "event" ? row.event.seq === seq : row.events.some((event) => event.seq === seq);

/**
 * One page of rows: `page` when given (1-based, clamped to the last), else
 * the page that holds the event `near` (an "as of" moment), else the first.
 */
export function pageOfRows<R extends TimelineRow>(rows: R[], options: { page?: number; near?: number; perPage?: number }): { rows: R[]; page: number; pages: number } {
  const perPage = options.perPage ?? TIMELINE_PAGE_ROWS;
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  let page = 1;
  if (options.page !== undefined) page = Math.min(Math.max(1, options.page), pages);
  else if (options.near !== undefined) {
    const index = rows.findIndex((row) => rowHolds(row, options.near!));
    if (index >= 0) page = Math.floor(index / perPage) + 1;
  }
  return { rows: rows.slice((page - 1) * perPage, page * perPage), page, pages };
}

/** The event kinds a timeline can be filtered by, each a set of audit event types. */
export const EVENT_KINDS = {
  items: { label: "Item changes", types: ["item.updated"] },
  signoffs: { label: "Sign-offs", types: ["signoff.signed", "signoff.stale", "signoff.revoked"] },
  status: { label: "Status changes", types: ["release.created", "release.status_changed"] },
  contacts: { label: "Contacts", types: ["release.contacts_updated"] },
} as const satisfies Record<string, { label: string; types: readonly string[] }>;
export type EventKind = keyof typeof EVENT_KINDS;

export const isEventKind = (value: string | undefined): value is EventKind => value !== undefined && Object.hasOwn(EVENT_KINDS, value);

/** The events of one kind and/or by one actor (by actorKey); either filter may be absent. The query applies the same rule in SQL. */
export function filterTimeline<E extends TimelineEntry>(events: E[], filter: { kind?: EventKind; actor?: string }): E[] {
  const types: readonly string[] | undefined = filter.kind ? EVENT_KINDS[filter.kind].types : undefined;
  return events.filter((event) => (!types || types.includes(event.type)) && (!filter.actor || actorKey(event.actor) === filter.actor));
}

/** Everyone who appears in the timeline, once each, in order of first appearance. */
export function timelineActors(events: TimelineEntry[]): { key: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const event of events) if (!seen.has(actorKey(event.actor))) seen.set(actorKey(event.actor), actorName(event.actor));
  return [...seen].map(([key, name]) => ({ key, name }));
}
