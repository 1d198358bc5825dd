import { ArrowRight, GitCompareArrows } from "lucide-react";
import type { ReleaseComparison } from "@/lib/audit/compare-release-moments";
import type { TimelineEvent } from "@/lib/audit/release-history";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { formatUtcMillis as formatUtc } from "@/lib/format/utc";
import { ItemStateDetails } from "./item-state-details";
import { HistoricReleaseStatusBadge, ItemStatusBadge, SignoffStatusBadge } from "./status-badges";

const shorten = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A plain GET form with two moments of the timeline: ?from=<seq>&to=<seq>.
 * `choices`: every event, offered by its sentence; or, for a long history,
 * the last event's number, and each moment is typed as an event number
 * (the timeline shows them: #12).
 */
type CompareFormProps = { releaseId: string; choices: TimelineEvent[] | { head: number }; from?: number; to?: number; asOf?: number; show?: "all" | "changed" };

export function CompareForm({ releaseId, choices, from, to, asOf, show }: CompareFormProps) {
  const option = (event: TimelineEvent) => (
    <option key={event.seq} value={event.seq}>
      #{event.seq} · {formatUtc(new Date(event.occurredAt)).slice(0, 19)} · {shorten(event.sentence)}
    </option>
  );
  const moment = (name: "from" | "to", value: number | undefined) => {
    if (Array.isArray(choices)) {
      const fallback = name === "from" ? choices[0]?.seq : choices.at(-1)?.seq;
      return (
        <NativeSelect name={name} defaultValue={String(value ?? fallback ?? "")}>
          {choices.map(option)}
        </NativeSelect>
      );
    }
    return <Input type="number" name={name} min={1} max={choices.head} step={1} required inputMode="numeric" defaultValue={value ?? (name === "from" ? 1 : choices.head)} className="font-mono" />;
  };
  const numbered = !Array.isArray(choices);
  return (
    <form
      method="get"
      action={`/archive/${releaseId}#compare`}
      aria-label="Compare two moments"
      className="grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] md:items-end"
    >
      {asOf ? <input type="hidden" name="asOf" value={asOf} /> : null}
      {asOf && show === "changed" ? <input type="hidden" name="show" value="changed" /> : null}
      <FormField id="compare-from" label={numbered ? "From the moment after event #" : "From the moment after"} description={numbered ? `1 to ${choices.head}, as numbered in the timeline.` : undefined}>
        {moment("from", from)}
      </FormField>
      <FormField id="compare-to" label={numbered ? "To the moment after event #" : "To the moment after"} description={numbered ? `1 to ${choices.head}, as numbered in the timeline.` : undefined}>
        {moment("to", to)}
      </FormField>
      <Button type="submit" variant="secondary">
        <GitCompareArrows aria-hidden="true" />
        Compare
      </Button>
    </form>
  );
}

type Titles = Map<string, { title: string; where: string }>;

/** The items and signatures that differ between two reconstructions, side by side. */
export function CompareResult({ comparison, titles }: { comparison: ReleaseComparison; titles: Titles }) {
  const { from, to, items, signoffs } = comparison;
  const statusChanged = from.status !== to.status;
  const nothing = items.length === 0 && signoffs.length === 0 && !statusChanged;
  return (
    <div className="space-y-5" aria-label="Differences" role="region">
      <p className="text-sm text-muted-foreground">
        Event #{from.seq} ({formatUtc(new Date(from.at))}) compared with event #{to.seq} ({formatUtc(new Date(to.at))}), both reconstructed from the audit trail:{" "}
        <span className="font-medium text-foreground">
          {items.length} {items.length === 1 ? "item differs" : "items differ"}, {signoffs.length} {signoffs.length === 1 ? "signature change" : "signature changes"}
        </span>
        .
      </p>
      {statusChanged ? (
        <p className="flex flex-wrap items-center gap-2 text-sm">
          Release status
          <HistoricReleaseStatusBadge status={from.status} />
          <ArrowRight aria-label="became" className="size-4 text-muted-foreground" />
          <HistoricReleaseStatusBadge status={to.status} />
        </p>
      ) : null}
      {nothing ? <EmptyState titleAs="p" title="No differences" description="The checklist, the status and the signatures were the same at both moments." /> : null}
      {items.length > 0 ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Items</h3>
          <ul aria-label="Items that differ" className="divide-y divide-border rounded-lg border border-border">
            {items.map((change) => {
              const label = titles.get(change.key);
              return (
                <li key={change.key} data-item-key={change.key} className="space-y-2 px-4 py-3">
                  <div>
                    <p className="text-sm font-medium [overflow-wrap:anywhere]">{label?.title ?? change.key}</p>
                    {label?.where ? <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">{label.where}</p> : null}
                  </div>
                  <div className="grid gap-3 sm:grid-cols-2">
                    <div className="space-y-1 rounded-md bg-muted/50 px-3 py-2">
                      <p className="flex items-center gap-2 text-xs text-muted-foreground">
                        At #{from.seq} <ItemStatusBadge status={change.from.status} />
                      </p>
                      <ItemStateDetails state={change.from} />
                    </div>
                    <div className="space-y-1 rounded-md bg-muted/50 px-3 py-2">
                      <p className="flex items-center gap-2 text-xs text-muted-foreground">
                        At #{to.seq} <ItemStatusBadge status={change.to.status} />
                      </p>
                      <ItemStateDetails state={change.to} />
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {signoffs.length > 0 ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Signatures</h3>
          <ul aria-label="Signature changes" className="divide-y divide-border rounded-lg border border-border">
            {signoffs.map((change) => (
              <li key={`${change.role}-${change.signedAt}`} className="space-y-1.5 px-4 py-3 text-sm">
                <p className="[overflow-wrap:anywhere]">
                  <span className="font-semibold">{change.role}</span>
                  <span className="text-muted-foreground"> · {change.printedName} · “{change.meaning}” · </span>
                  <time dateTime={change.signedAt} className="font-mono text-xs text-muted-foreground">
                    {formatUtc(new Date(change.signedAt))}
                  </time>
                </p>
                <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                  At #{from.seq} <SignoffStatusBadge status={change.from} />
                  <ArrowRight aria-label="then" className="size-3.5" />
                  At #{to.seq} <SignoffStatusBadge status={change.to} />
                </p>
                {change.reason ? <p className="text-xs text-muted-foreground [overflow-wrap:anywhere]">Reason: {change.reason}</p> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
