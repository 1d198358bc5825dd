"use client";

import { memo } from "react";
import type { ReleaseItemView, ReleaseSectionView } from "@/lib/releases/get-release";
import { Card, CardContent } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Progress } from "@/components/ui/progress";
import { percent } from "./format";
import { sectionItems, useCounts } from "./item-store";
import { useWorkspace } from "./workspace-context";

type Props = {
  sections: ReleaseSectionView[];
  items: ReleaseItemView[];
  /** A section link was followed: open that section. */
  onOpenSection: (sectionKey: string, open: boolean) => void;
};

/** The release's progress (overall, required open, blocked) and a link to each section with its own count. */
export const ReleaseSidebar = memo(function ReleaseSidebar({ sections, items, onOpenSection }: Props) {
  const { store } = useWorkspace();
  const overall = useCounts(store, items);
  return (
    <Card>
      <CardContent className="space-y-3 p-4">
        <div className="flex items-baseline justify-between gap-2">
          <h2 className="text-sm font-semibold">Progress</h2>
          <span className="text-2xl font-semibold tabular-nums">{percent(overall.done, overall.total)}%</span>
        </div>
        <Progress
          label="Overall progress"
          value={overall.done}
          max={Math.max(overall.total, 1)}
          aria-valuetext={`${overall.done} of ${overall.total} items done or not applicable`}
          indicatorClassName={overall.total > 0 && overall.done === overall.total ? "bg-success" : undefined}
        />
        <p className="text-sm text-muted-foreground">
          {overall.done} of {overall.total} items done or not applicable
        </p>
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <div className="rounded-md bg-muted/60 px-3 py-2">
            <dt className="text-xs text-muted-foreground">Required open</dt>
            <dd className="font-semibold tabular-nums">{overall.requiredOpen}</dd>
          </div>
          <div className={cn("rounded-md px-3 py-2", overall.blocked > 0 ? "bg-destructive-soft text-destructive-soft-foreground" : "bg-muted/60")}>
            <dt className={cn("text-xs", overall.blocked > 0 ? "" : "text-muted-foreground")}>Blocked</dt>
            <dd className="font-semibold tabular-nums">{overall.blocked}</dd>
          </div>
        </dl>
        <nav aria-label="Sections" className="hidden border-t border-border pt-3 lg:block">
          <ul className="space-y-2">
            {sections.map((section) => (
              <SectionLink key={section.key} section={section} onOpenSection={onOpenSection} />
            ))}
          </ul>
        </nav>
      </CardContent>
    </Card>
  );
});

function SectionLink({ section, onOpenSection }: { section: ReleaseSectionView; onOpenSection: Props["onOpenSection"] }) {
  const { store } = useWorkspace();
  const counts = useCounts(store, sectionItems(section));
  return (
    <li>
      <a href={`#section-${section.key}`} onClick={() => onOpenSection(section.key, true)} className="cl-navlink">
        <span>
          <span>{section.title}</span>
          <span>{`${counts.done}/${counts.total}`}</span>
        </span>
        <span aria-hidden="true" className="cl-bar">
          <span style={{ width: `${percent(counts.done, counts.total)}%` }} data-complete={counts.done === counts.total ? "" : undefined} />
        </span>
      </a>
    </li>
  );
}
