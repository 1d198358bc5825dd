import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { EVENT_KINDS } from "@/lib/audit/timeline";

type Props = {
  releaseId: string;
  /** The filters set now: `events` (a kind) and `actor` (an actor key). */
  values: { events?: string; actor?: string };
  /** The page's other parameters (as of, compare), kept by every filter link. */
  keep: Record<string, string>;
  actors: { key: string; name: string }[];
};

/**
 * The timeline's filters as links (no form, no script): a kind of event and
 * an actor, each one click; the current choice is marked.
 */
export function TimelineFilters({ releaseId, values, keep, actors }: Props) {
  const href = (change: { events?: string; actor?: string }) => {
    const next = { ...keep, ...values, ...change };
    const query = new URLSearchParams(Object.entries(next).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
    return `/archive/${releaseId}${query ? `?${query}` : ""}#timeline`;
  };
  const kinds = [{ key: "", label: "All events" }, ...Object.entries(EVENT_KINDS).map(([key, kind]) => ({ key, label: kind.label }))];
  const people = [{ key: "", name: "Anyone" }, ...actors];
  return (
    <div className="space-y-2 px-6 pb-4 text-sm">
      <FilterRow label="Show">
        {kinds.map((kind) => (
          <Chip key={kind.key || "all"} href={href({ events: kind.key })} current={(values.events ?? "") === kind.key}>
            {kind.label}
          </Chip>
        ))}
      </FilterRow>
      {actors.length > 1 ? (
        <FilterRow label="By">
          {people.map((person) => (
            <Chip key={person.key || "anyone"} href={href({ actor: person.key })} current={(values.actor ?? "") === person.key}>
              {person.name}
            </Chip>
          ))}
        </FilterRow>
      ) : null}
    </div>
  );
}

function FilterRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <nav aria-label={`Timeline: ${label === "Show" ? "kind of event" : "actor"}`} className="flex flex-wrap items-center gap-1.5">
      <span className="mr-1 w-10 text-muted-foreground">{label}</span>
      {children}
    </nav>
  );
}

function Chip({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <Link
      href={href}
      scroll={false}
      aria-current={current ? "true" : undefined}
      className={cn(
        "touch-target inline-flex items-center rounded-full border px-3 py-1 text-xs font-medium focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring",
        current ? "border-primary bg-primary text-primary-foreground" : "border-border bg-card text-foreground hover:bg-accent",
      )}
    >
      {children}
    </Link>
  );
}
