"use client";

import { memo } from "react";
import type { ReleaseItemView, ReleaseSectionView, ReleaseSubsectionView } from "@/lib/releases/get-release";
import { ChecklistItem } from "./checklist-item";
import { percent } from "./format";
import { useCounts } from "./item-store";
import { useWorkspace } from "./workspace-context";

/** Consecutive items of the same phase ("Pre-deployment", "Deployment", …), in order. */
function phases(items: ReleaseItemView[]): { phase?: string; items: ReleaseItemView[] }[] {
  const runs: { phase?: string; items: ReleaseItemView[] }[] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last && last.phase === item.phase) last.items.push(item);
    else runs.push({ phase: item.phase, items: [item] });
  }
  return runs;
}

function ItemList({ items, label }: { items: ReleaseItemView[]; label: string }) {
  return (
    <ul aria-label={label} className="cl-list">
      {items.map((item) => (
        <ChecklistItem key={item.key} item={item} />
      ))}
    </ul>
  );
}

type Props = {
  section: Pick<ReleaseSectionView, "title" | "kind">;
  subsection: ReleaseSubsectionView;
  /** The items the filters let through (all of them when none is on). */
  shown: ReleaseItemView[];
};

/** A subsection of an open section: its title and progress, its note, and its items (grouped by phase for environments). */
export const ReleaseSubsection = memo(function ReleaseSubsection({ section, subsection, shown }: Props) {
  const { store } = useWorkspace();
  const counts = useCounts(store, subsection.items);
  const label = subsection.title || section.title;
  return (
    <div className="cl-sub">
      {subsection.title ? (
        <div className="cl-subhead">
          <h3>{subsection.title}</h3>
          <span>
            <span>{`${counts.done}/${counts.total}`}</span>
            <span aria-hidden="true" className="cl-bar">
              <span style={{ width: `${percent(counts.done, counts.total)}%` }} data-complete={counts.done === counts.total ? "" : undefined} />
            </span>
          </span>
        </div>
      ) : null}
      {subsection.note ? <p className="whitespace-pre-wrap px-4 pt-1 text-sm text-muted-foreground">{subsection.note}</p> : null}
      {section.kind === "environments" ? (
        phases(shown).map((run, index) => (
          <div key={`${index}-${run.phase ?? ""}`}>
            {run.phase ? <p className="px-4 pb-0.5 pt-3 text-xs font-medium uppercase tracking-wide text-muted-foreground">{run.phase}</p> : null}
            <ItemList items={run.items} label={run.phase ? `${label}: ${run.phase}` : label} />
          </div>
        ))
      ) : (
        <ItemList items={shown} label={label} />
      )}
    </div>
  );
});
