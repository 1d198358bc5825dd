import Link from "next/link";
import { ChevronLeft, ChevronRight, History, X } from "lucide-react";
import type { ReleaseAsOf, TimelineEvent } from "@/lib/audit/release-history";
import type { ReleaseSectionView } from "@/lib/releases/get-release";
import { isSettled } from "@/lib/releases/release-status";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Progress } from "@/components/ui/progress";
import { formatUtcMillis as formatUtc } from "@/lib/format/utc";
import { ItemStateDetails } from "./item-state-details";
import { SignatureList } from "./signature-list";
import { HistoricReleaseStatusBadge, ItemStatusBadge } from "./status-badges";

type Props = {
  releaseId: string;
  sections: ReleaseSectionView[];
  asOf: ReleaseAsOf;
  event: TimelineEvent;
  previous?: number;
  next?: number;
  /** All items, or only those some event had changed by then. */
  show: "all" | "changed";
};


/** The checklist, its status and its signatures as the audit trail says they were right after one event. */
export function AsOfChecklist({ releaseId, sections, asOf, event, previous, next, show }: Props) {
  const stateOf = (key: string) => asOf.items[key];
  const all = sections.flatMap((section) => section.subsections.flatMap((subsection) => subsection.items));
  const done = all.filter((item) => isSettled(stateOf(item.key)?.status ?? "open")).length;
  const blocked = all.filter((item) => stateOf(item.key)?.status === "blocked").length;
  const href = (seq: number, mode = show) => `/archive/${releaseId}?asOf=${seq}${mode === "changed" ? "&show=changed" : ""}#as-of`;
  const touched = (key: string) => Boolean(stateOf(key)?.by);
  const changedCount = all.filter((item) => touched(item.key)).length;
  const visible = sections
    .map((section) => ({
      ...section,
      subsections: section.subsections
        .map((subsection) => ({ ...subsection, items: show === "changed" ? subsection.items.filter((item) => touched(item.key)) : subsection.items }))
        .filter((subsection) => subsection.items.length > 0),
    }))
    .filter((section) => section.subsections.length > 0);

  return (
    <section id="as-of" aria-labelledby="as-of-heading" className="scroll-mt-24 space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="as-of-heading" className="text-lg font-semibold tracking-tight">
          As of event #{asOf.seq}
        </h2>
        <div className="flex flex-wrap gap-2">
          {previous ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href(previous)} rel="prev">
                <ChevronLeft aria-hidden="true" />
                Event #{previous}
              </Link>
            </Button>
          ) : null}
          {next ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href(next)} rel="next">
                Event #{next}
                <ChevronRight aria-hidden="true" />
              </Link>
            </Button>
          ) : null}
          <Button asChild variant="ghost" size="sm">
            <Link href={`/archive/${releaseId}`}>
              <X aria-hidden="true" />
              Close
            </Link>
          </Button>
        </div>
      </div>

      <Alert>
        <History aria-hidden="true" />
        <AlertTitle>
          Reconstructed from the audit trail as of event #{asOf.seq} ({formatUtc(new Date(asOf.at))})
        </AlertTitle>
        <AlertDescription className="space-y-2">
          <p className="[overflow-wrap:anywhere]">The event: {event.sentence}.</p>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <span className="inline-flex items-center gap-2">
              Release status then <HistoricReleaseStatusBadge status={asOf.status} />
            </span>
            <span className="tabular-nums">
              {done} of {all.length} items done or N/A{blocked > 0 ? `, ${blocked} blocked` : ""}
            </span>
          </div>
        </AlertDescription>
      </Alert>

      <div role="group" aria-label="Which items" className="flex flex-wrap items-center gap-1">
        <span className="mr-2 text-sm text-muted-foreground">Show</span>
        <Button asChild size="sm" variant={show === "all" ? "secondary" : "ghost"}>
          <Link href={href(asOf.seq, "all")} aria-current={show === "all" ? "true" : undefined}>
            All {all.length} items
          </Link>
        </Button>
        <Button asChild size="sm" variant={show === "changed" ? "secondary" : "ghost"}>
          <Link href={href(asOf.seq, "changed")} aria-current={show === "changed" ? "true" : undefined}>
            Only the {changedCount} changed by then
          </Link>
        </Button>
      </div>

      {visible.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-6 py-10 text-center text-sm text-muted-foreground">
          No item had been changed yet at this moment.
        </p>
      ) : null}

      <div className="space-y-4">
        {visible.map((section) => {
          const items = sections.find((entry) => entry.key === section.key)!.subsections.flatMap((subsection) => subsection.items);
          const sectionDone = items.filter((item) => isSettled(stateOf(item.key)?.status ?? "open")).length;
          const headingId = `as-of-section-${section.key}`;
          return (
            <section key={section.key} aria-labelledby={headingId} className="rounded-lg border border-border bg-card shadow-xs">
              <header className="space-y-2 border-b border-border px-4 py-3">
                <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                  <h3 id={headingId} className="text-base font-semibold [overflow-wrap:anywhere]">
                    {section.title}
                  </h3>
                  <span className="text-xs tabular-nums text-muted-foreground">
                    {sectionDone}/{items.length}
                  </span>
                </div>
                <Progress
                  value={sectionDone}
                  max={Math.max(items.length, 1)}
                  label={`${section.title} as of event #${asOf.seq}`}
                  className="h-1.5"
                  indicatorClassName={sectionDone === items.length ? "bg-success" : undefined}
                />
              </header>
              <div className="divide-y divide-border">
                {section.subsections.map((subsection) => (
                  <div key={subsection.key} className="py-1">
                    {section.subsections.length > 1 || subsection.title !== section.title ? (
                      <h4 className="px-4 pb-1 pt-3 text-sm font-semibold [overflow-wrap:anywhere]">{subsection.title}</h4>
                    ) : null}
                    <ul aria-label={subsection.title} className="divide-y divide-border/70">
                      {subsection.items.map((item) => {
                        const state = stateOf(item.key);
                        const status = state?.status ?? "open";
                        return (
                          <li
                            key={item.key}
                            data-item-key={item.key}
                            className={cn(
                              "grid grid-cols-[4.25rem_minmax(0,1fr)] items-start gap-3 px-4 py-2.5",
                              status === "blocked" && "bg-destructive-soft/40",
                            )}
                          >
                            <ItemStatusBadge status={status} className="mt-0.5 w-full justify-center" />
                            <div className="min-w-0 space-y-1">
                              <p
                                className={cn(
                                  "text-sm leading-6 [overflow-wrap:anywhere]",
                                  status === "na" && "text-muted-foreground line-through decoration-muted-foreground/60",
                                )}
                              >
                                {item.title}
                              </p>
                              {state ? <ItemStateDetails state={state} /> : null}
                            </div>
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                ))}
              </div>
            </section>
          );
        })}
      </div>

      <section aria-labelledby="as-of-signatures" className="space-y-3">
        <h3 id="as-of-signatures" className="text-base font-semibold">
          Signatures as of event #{asOf.seq}
        </h3>
        <SignatureList signoffs={asOf.signoffs} />
      </section>
    </section>
  );
}
