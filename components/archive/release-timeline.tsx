import Link from "next/link";
import type { TimelineEvent, TimelineRowView } from "@/lib/audit/release-history";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatUtcMillis as formatUtc } from "@/lib/format/utc";

type Props = {
  releaseId: string;
  rows: TimelineRowView[];
  /** The event the "as of" view shows, highlighted here. */
  asOf?: number;
  /** The page's address with `open` set to a group's first event (null: closed), keeping the filters and the page. */
  openHref: (open: number | null) => string;
};

const timeOfDay = (iso: string) => iso.slice(11, 19);

/**
 * The release's events as sentences, oldest first, each a moment the
 * checklist can be replayed to ("View as of" shows on hover or focus). A run
 * of item changes by one person within a minute is one row; "Show each"
 * opens it (a link: the page renders its events, so a run of a thousand
 * ticks costs nothing until asked for).
 */
export function ReleaseTimeline({ releaseId, rows, asOf, openHref }: Props) {
  return (
    <ol aria-label="Timeline" className="divide-y divide-border">
      {rows.map((row) => {
        if (row.kind === "event") return <EventRow key={row.event.seq} releaseId={releaseId} event={row.event} asOf={asOf} />;
        const verb = row.allTicks ? "ticked" : "changed";
        const open = row.events !== null;
        return (
          <li key={`group-${row.firstSeq}`} id={`event-${row.firstSeq}`} data-open={open ? "" : undefined} className="scroll-mt-24">
            <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 px-6 py-3">
              <span className="hidden w-12 shrink-0 font-mono text-xs text-muted-foreground sm:block">
                #{row.firstSeq}–{row.lastSeq}
              </span>
              <p className="min-w-0 flex-1 text-sm">
                <span className="font-medium">
                  {row.actorName} {verb} {row.count} items
                </span>
                , <time dateTime={row.from}>{timeOfDay(row.from)}</time>–<time dateTime={row.to}>{timeOfDay(row.to)}</time>
              </p>
              <Link
                href={openHref(open ? null : row.firstSeq)}
                scroll={false}
                aria-expanded={open}
                className="touch-target inline-flex items-center text-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
              >
                {open ? "Hide" : "Show each"}
                <span className="sr-only">
                  {" "}
                  of the {row.count} changes by {row.actorName} (#{row.firstSeq}–{row.lastSeq})
                </span>
              </Link>
            </div>
            {row.events ? (
              <ol aria-label={`${row.count} changes by ${row.actorName}`} className="divide-y divide-border/70 border-t border-border bg-muted/30">
                {row.events.map((event) => (
                  <EventRow key={event.seq} releaseId={releaseId} event={event} asOf={asOf} />
                ))}
              </ol>
            ) : null}
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
          // On a device that can hover: shown on the row's hover or the link's focus (still in the tab order); on a touch screen, always.
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
