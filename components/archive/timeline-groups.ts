import type { TimelineEvent } from "@/lib/audit/release-history";

/** Consecutive item changes by one actor collapse into one row from this many on; two rows read as easily as one summary. */
export const MIN_GROUP = 3;
/** A group spans at most this long, from its first event to its last. */
export const GROUP_WINDOW_MS = 60_000;

export type TimelineRow =
  | { kind: "event"; event: TimelineEvent }
  | { kind: "group"; actorName: string; events: TimelineEvent[]; allTicks: boolean; from: string; to: string };

/** The same person (or token) across events: the frozen actor's id and token, else its name. */
export function actorKey(event: Pick<TimelineEvent, "actor">): string {
  const { actor } = event;
  return `${actor.kind}:${actor.id ?? actor.name}${actor.tokenId ? `:${actor.tokenId}` : ""}`;
}

/** "Build Bot", "Max Member via API token": how a filter and a group name the actor. */
export function actorName(event: Pick<TimelineEvent, "actor">): string {
  return `${event.actor.name}${event.actor.tokenId ? " via API token" : ""}`;
}

/**
 * The timeline as rows: consecutive item changes (item.updated) by the same
 * actor within a minute of the first become one group row once there are
 * MIN_GROUP of them; every other event stays a row of its own. Order is kept.
 */
export function groupTimeline(events: TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let run: TimelineEvent[] = [];
  const flush = () => {
    if (run.length >= MIN_GROUP) {
      rows.push({
        kind: "group",
        actorName: actorName(run[0]!),
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
      actorKey(event) === actorKey(first) &&
      Date.parse(event.occurredAt) - Date.parse(first.occurredAt) <= GROUP_WINDOW_MS;
    if (!joins) flush();
    if (event.type === "item.updated") run.push(event);
    else rows.push({ kind: "event", event });
  }
  flush();
  return rows;
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

/** The events of one kind and/or by one actor (by actorKey); either filter may be absent. */
export function filterTimeline(events: TimelineEvent[], filter: { kind?: EventKind; actor?: string }): TimelineEvent[] {
  const types: readonly string[] | undefined = filter.kind ? EVENT_KINDS[filter.kind].types : undefined;
  return events.filter((event) => (!types || types.includes(event.type)) && (!filter.actor || actorKey(event) === filter.actor));
}

/** Everyone who appears in the timeline, once each, in order of first appearance. */
export function timelineActors(events: TimelineEvent[]): { key: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const event of events) if (!seen.has(actorKey(event))) seen.set(actorKey(event), actorName(event));
  return [...seen].map(([key, name]) => ({ key, name }));
}
