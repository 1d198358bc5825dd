"use client";

import { memo, type ReactNode, useCallback, useSyncExternalStore } from "react";
import { ChevronsDownUp, ChevronsUpDown, CornerDownRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { ReleaseItemView } from "@/lib/releases/get-release";
import { isSettled } from "@/lib/releases/release-status";
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

/** Counts for the filter buttons and, while filtering, how many items are shown ("mine/open/blocked/shown"). */
function useFilterCounts(items: ReleaseItemView[], filters: Filters): { mine: number; open: number; blocked: number; shown: number } {
  const { store, meId } = useWorkspace();
  const filtering = isFiltering(filters);
  const text = useSyncExternalStore(
    useCallback((listener: () => void) => store.subscribe(listener), [store]),
    () => {
      let mine = 0;
      let open = 0;
      let blocked = 0;
      let shown = 0;
      for (const item of items) {
        const state = store.get(item.key) ?? item.state;
        if (state.assigneeId === meId) mine += 1;
        if (!isSettled(state.status)) open += 1;
        if (state.status === "blocked") blocked += 1;
        if (filtering && passes(item, filters, store, meId)) shown += 1;
      }
      return `${mine}/${open}/${blocked}/${shown}`;
    },
    () => "",
  );
  const [mine = 0, open = 0, blocked = 0, shown = 0] = text.split("/").map(Number);
  return { mine, open, blocked, shown };
}

/**
 * Above the checklist: the filters, expand and collapse all, and "next open
 * item" (also the N key). The counts live in small components of their own,
 * so a tick re-renders them, not the buttons.
 */
export const ReleaseToolbar = memo(function ReleaseToolbar({ filters, onFiltersChange, items, onExpandAll, onCollapseAll, onNextOpen }: Props) {
  const filtering = isFiltering(filters);
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
        <FilterToggle pressed={filters.mine} onPressedChange={(mine) => onFiltersChange((current) => ({ ...current, mine }))} items={items} kind="mine">
          Assigned to me
        </FilterToggle>
        <FilterToggle pressed={filters.open} onPressedChange={(open) => onFiltersChange((current) => ({ ...current, open }))} items={items} kind="open">
          Open
        </FilterToggle>
        <FilterToggle pressed={filters.blocked} onPressedChange={(blocked) => onFiltersChange((current) => ({ ...current, blocked }))} items={items} kind="blocked">
          Blocked
        </FilterToggle>
        {filtering ? (
          <Button variant="ghost" size="sm" onClick={() => onFiltersChange(() => NO_FILTERS)}>
            Show all
          </Button>
        ) : null}
        <p className="sr-only" role="status">
          {filtering ? <ShownCount items={items} filters={filters} /> : null}
        </p>
      </div>
      {filtering ? <NoMatch items={items} filters={filters} /> : null}
    </div>
  );
});

type CountProps = { items: ReleaseItemView[]; filters: Filters };

function ShownCount({ items, filters }: CountProps) {
  const { shown } = useFilterCounts(items, filters);
  return `Showing ${shown} of ${items.length} items.`;
}

function NoMatch({ items, filters }: CountProps) {
  const { shown } = useFilterCounts(items, filters);
  return shown === 0 ? <p className="rounded-lg border border-dashed border-border px-6 py-10 text-center text-sm text-muted-foreground">No items match these filters.</p> : null;
}

function FilterCount({ items, kind }: { items: ReleaseItemView[]; kind: "mine" | "open" | "blocked" }) {
  return useFilterCounts(items, NO_FILTERS)[kind];
}

function FilterToggle({
  pressed,
  onPressedChange,
  items,
  kind,
  children,
}: { items: ReleaseItemView[]; pressed: boolean; onPressedChange: (pressed: boolean) => void; kind: "mine" | "open" | "blocked"; children: ReactNode }) {
  return (
    <Button type="button" size="sm" variant={pressed ? "default" : "outline"} aria-pressed={pressed} onClick={() => onPressedChange(!pressed)} className="touch-target rounded-full">
      {children}
      <span className={cn("rounded-full px-1.5 text-[0.7rem] tabular-nums", pressed ? "bg-primary-foreground/20 text-primary-foreground" : "bg-muted text-muted-foreground")}>
        <span className="sr-only">(</span>
        <FilterCount items={items} kind={kind} />
        <span className="sr-only">)</span>
      </span>
    </Button>
  );
}
