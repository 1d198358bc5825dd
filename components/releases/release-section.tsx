"use client";

import { memo } from "react";
import type { ReleaseItemView, ReleaseSectionView } from "@/lib/releases/get-release";
import { Progress } from "@/components/ui/progress";
import { isSettled } from "@/lib/releases/release-status";
import { type ItemStore, sectionItems, useCounts, useStoreRevision } from "./item-store";
import { ReleaseSubsection } from "./release-subsection";
import { useWorkspace } from "./workspace-context";

export type Filters = { mine: boolean; open: boolean; blocked: boolean };
export const NO_FILTERS: Filters = { mine: false, open: false, blocked: false };
export const isFiltering = (filters: Filters) => filters.mine || filters.open || filters.blocked;

/** Whether an item passes the filters, in its current state. */
export function passes(item: ReleaseItemView, filters: Filters, store: ItemStore, meId: string): boolean {
  const state = store.get(item.key) ?? item.state;
  if (filters.mine && state.assigneeId !== meId) return false;
  if (filters.open && isSettled(state.status)) return false;
  if (filters.blocked && state.status !== "blocked") return false;
  return true;
}

type Props = {
  section: ReleaseSectionView;
  open: boolean;
  onOpenChange: (sectionKey: string, open: boolean) => void;
  filters: Filters;
};

/**
 * One section: a header that opens and closes it (title, counts, progress,
 * note) and, only while open, its subsections and items, so a closed section
 * costs no rows in the HTML or the DOM. While a filter is on, the section
 * follows every change (an item may start or stop matching) and hides when
 * nothing in it matches.
 */
export const ReleaseSection = memo(function ReleaseSection({ section, open, onOpenChange, filters }: Props) {
  const { store, meId } = useWorkspace();
  const filtering = isFiltering(filters);
  useStoreRevision(store, filtering);
  const counts = useCounts(store, sectionItems(section));
  const shown = section.subsections
    .map((subsection) => ({ subsection, items: filtering ? subsection.items.filter((item) => passes(item, filters, store, meId)) : subsection.items }))
    .filter((entry) => entry.items.length > 0);
  if (filtering && shown.length === 0) return null;
  const headingId = `section-${section.key}-title`;
  const bodyId = `section-${section.key}-items`;
  return (
    <section id={`section-${section.key}`} aria-labelledby={headingId} className="cl-section">
      <header data-open={open ? "" : undefined}>
        <div>
          <h2 id={headingId}>
            <button type="button" aria-expanded={open} aria-controls={open ? bodyId : undefined} onClick={() => onOpenChange(section.key, !open)} className="touch-target">
              {section.title}
            </button>
          </h2>
          <span>
            {`${counts.done} of ${counts.total} done`}
            {counts.blocked > 0 ? <span className="text-destructive-soft-foreground">{` · ${counts.blocked} blocked`}</span> : null}
          </span>
        </div>
        <Progress
          label={`${section.title} progress`}
          value={counts.done}
          max={Math.max(counts.total, 1)}
          className="h-1.5"
          indicatorClassName={counts.done === counts.total ? "bg-success" : undefined}
        />
        {open && section.note ? <p className="whitespace-pre-wrap text-sm text-muted-foreground">{section.note}</p> : null}
      </header>
      {open ? (
        <div id={bodyId}>
          {shown.map(({ subsection, items }) => (
            <ReleaseSubsection key={subsection.key} section={section} subsection={subsection} shown={items} />
          ))}
        </div>
      ) : null}
    </section>
  );
});
