import Link from "next/link";
import type { TimelineEvent } from "@/lib/audit/release-history";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatUtc } from "@/components/audit/audit-events-table";
import { groupTimeline } from "./timeline-groups";

type Props = {
  releaseId: string;
  events: TimelineEvent[];
  /** The event the "as of" view shows, highlighted here. */
  asOf?: number;
};

const timeOfDay = (iso: string) => iso.slice(11, 19);

/**
 * The release's events as sentences, oldest first, each a moment the
 * checklist can be replayed to ("View as of" shows on hover or focus). A run
 * of item changes by one person within a minute is one row that expands.
 */
export function ReleaseTimeline({ releaseId, events, asOf }: Props) {
  return (
    <ol aria-label="Timeline" className="divide-y divide-border">
      {groupTimeline(events).map((row) => {
        if (row.kind === "event") return <EventRow key={row.event.seq} releaseId={releaseId} event={row.event} asOf={asOf} />;
        const first = row.events[0]!;
        const holdsAsOf = row.events.some((event) => event.seq === asOf);
        const verb = row.allTicks ? "ticked" : "changed";
        return (
          <li key={`group-${first.seq}`} id={`event-${first.seq}`} className="scroll-mt-24">
            <details open={holdsAsOf} className="group/details">
              <summary className="flex cursor-pointer list-none items-baseline gap-x-4 px-6 py-3 hover:bg-muted/50 focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-ring [&::-webkit-details-marker]:hidden">
                <span className="hidden w-12 shrink-0 font-mono text-xs text-muted-foreground sm:block">
                  #{first.seq}–{row.events.at(-1)!.seq}
                </span>
                <span className="min-w-0 flex-1 text-sm">
                  <span className="font-medium">
                    {row.actorName} {verb} {row.events.length} items
                  </span>
                  , <time dateTime={row.from}>{timeOfDay(row.from)}</time>–<time dateTime={row.to}>{timeOfDay(row.to)}</time>
                  {" "}
                  <span className="ml-1 text-xs text-primary group-open/details:hidden">Show each</span>
                  <span className="ml-1 hidden text-xs text-primary group-open/details:inline">Hide</span>
                </span>
              </summary>
              <ol aria-label={`${row.events.length} changes by ${row.actorName}`} className="divide-y divide-border/70 border-t border-border bg-muted/30">
                {row.events.map((event) => (
                  <EventRow key={event.seq} releaseId={releaseId} event={event} asOf={asOf} />
                ))}
              </ol>
            </details>
          </li>
        );
      })}
    </ol>
  );
}

function EventRow({ releaseId, event, asOf }: { releaseId: string; event: TimelineEvent; asOf?: number }) {
  const current = event.seq === asOf;
  return (
    <li
      id={`event-${event.seq}`}
      aria-current={current ? "step" : undefined}
      className={cn(
        "group grid scroll-mt-24 gap-x-4 gap-y-1 px-6 py-3 sm:grid-cols-[3rem_minmax(0,1fr)_auto] sm:items-baseline",
        current && "bg-accent/60",
      )}
    >
      <span className="hidden font-mono text-xs text-muted-foreground sm:block" title={event.hash}>
        #{event.seq}
      </span>
      <div className="min-w-0 space-y-0.5">
        <p className="text-sm [overflow-wrap:anywhere]">{event.sentence}</p>
        <p className="font-mono text-xs text-muted-foreground">
          <span className="sm:hidden">#{event.seq} · </span>
          <time dateTime={event.occurredAt}>{formatUtc(new Date(event.occurredAt))}</time>
        </p>
      </div>
      <div className="sm:text-right">
        {current ? (
          <Badge variant="secondary">Shown above</Badge>
        ) : (
          <Link
            href={`/archive/${releaseId}?asOf=${event.seq}`}
            className="text-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:opacity-100 focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-hover:opacity-100"
          >
            View as of this event
            <span className="sr-only"> (#{event.seq})</span>
          </Link>
        )}
      </div>
    </li>
  );
}
