import Link from "next/link";
import type { TimelineEvent } from "@/lib/audit/release-history";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatUtc } from "@/components/audit/audit-events-table";

type Props = {
  releaseId: string;
  events: TimelineEvent[];
  /** The event the "as of" view shows, highlighted here. */
  asOf?: number;
};

/** Every event of the release's chain as a sentence, oldest first, each a moment the checklist can be replayed to. */
export function ReleaseTimeline({ releaseId, events, asOf }: Props) {
  return (
    <ol aria-label="Timeline" className="divide-y divide-border">
      {events.map((event) => {
        const current = event.seq === asOf;
        return (
          <li
            key={event.seq}
            id={`event-${event.seq}`}
            aria-current={current ? "step" : undefined}
            className={cn(
              "grid scroll-mt-24 gap-x-4 gap-y-1 px-6 py-3 sm:grid-cols-[3rem_minmax(0,1fr)_auto] sm:items-baseline",
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
                  className="text-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
                >
                  View as of this event
                  <span className="sr-only"> (#{event.seq})</span>
                </Link>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
