"use client";

import { memo, type ReactNode } from "react";
import { ChevronsDownUp, ChevronsUpDown, CornerDownRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { ReleaseItemView } from "@/lib/releases/get-release";
import { isSettled } from "@/lib/releases/release-status";
import { useStoreRevision } from "./item-store";
import { type Filters, isFiltering, NO_FILTERS, passes } from "./release-section";
import { useWorkspace } from "./workspace-context";

type Props = {
  filters: Filters;
  onFiltersChange: (change: (current: Filters) => Filters) => void;
  items: ReleaseItemView[];
  onExpandAll: () => void;
  onCollapseAll: () => void;
  onNextOpen: () => void;
};

/** Above the checklist: the filters, expand and collapse all, and "next open item" (also the N key). */
export const ReleaseToolbar = memo(function ReleaseToolbar({ filters, onFiltersChange, items, onExpandAll, onCollapseAll, onNextOpen }: Props) {
  const { store, meId } = useWorkspace();
  useStoreRevision(store);
  const filtering = isFiltering(filters);
  const counts = { mine: 0, open: 0, blocked: 0 };
  let shown = 0;
  for (const item of items) {
    const state = store.get(item.key) ?? item.state;
    if (state.assigneeId === meId) counts.mine += 1;
    if (!isSettled(state.status)) counts.open += 1;
    if (state.status === "blocked") counts.blocked += 1;
    if (filtering && passes(item, filters, store, meId)) shown += 1;
  }
  const total = items.length;
  return (
    <div className="space-y-3">
      <div role="group" aria-label="Find your way" className="flex flex-wrap items-center gap-2">
        <Button type="button" size="sm" variant="outline" onClick={onNextOpen} aria-keyshortcuts="n" title="Next open item (N)" className="touch-target">
          <CornerDownRight aria-hidden="true" />
          Next open item
          <kbd aria-hidden="true" className="rounded border border-border bg-muted px-1 font-mono text-[0.7rem] text-muted-foreground">
            N
          </kbd>
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onExpandAll} className="touch-target">
          <ChevronsUpDown aria-hidden="true" />
          Expand all
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onCollapseAll} className="touch-target">
          <ChevronsDownUp aria-hidden="true" />
          Collapse all
        </Button>
      </div>
      <div role="group" aria-label="Filter items" className="flex flex-wrap items-center gap-2">
        <span className="mr-1 text-sm text-muted-foreground">Show only</span>
        <FilterToggle pressed={filters.mine} onPressedChange={(mine) => onFiltersChange((current) => ({ ...current, mine }))} count={counts.mine}>
          Assigned to me
        </FilterToggle>
        <FilterToggle pressed={filters.open} onPressedChange={(open) => onFiltersChange((current) => ({ ...current, open }))} count={counts.open}>
          Open
        </FilterToggle>
        <FilterToggle pressed={filters.blocked} onPressedChange={(blocked) => onFiltersChange((current) => ({ ...current, blocked }))} count={counts.blocked}>
          Blocked
        </FilterToggle>
        {filtering ? (
          <Button variant="ghost" size="sm" onClick={() => onFiltersChange(() => NO_FILTERS)}>
            Show all
          </Button>
        ) : null}
        <p className="sr-only" role="status">
          {filtering ? `Showing ${shown} of ${total} items.` : ""}
        </p>
      </div>
      {filtering && shown === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-6 py-10 text-center text-sm text-muted-foreground">No items match these filters.</p>
      ) : null}
    </div>
  );
});

function FilterToggle({ pressed, onPressedChange, count, children }: { pressed: boolean; onPressedChange: (pressed: boolean) => void; count: number; children: ReactNode }) {
  return (
    <Button type="button" size="sm" variant={pressed ? "default" : "outline"} aria-pressed={pressed} onClick={() => onPressedChange(!pressed)} className="touch-target rounded-full">
      {children}
      <span className={cn("rounded-full px-1.5 text-[0.7rem] tabular-nums", pressed ? "bg-primary-foreground/20 text-primary-foreground" : "bg-muted text-muted-foreground")}>
        <span className="sr-only">(</span>
        {count}
        <span className="sr-only">)</span>
      </span>
    </Button>
  );
}
