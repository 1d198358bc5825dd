import type { TemplateCounts, TemplateDocument } from "@/lib/templates/document";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { environmentCounts, plural } from "./format";

/** Small badges with a template's size: sections, subsections, items (and environment items when `full`). */
export function TemplateCountBadges({
  counts,
  full = false,
  className,
}: {
  counts: TemplateCounts;
  full?: boolean;
  className?: string;
}) {
  const environments = full ? environmentCounts(counts) : [];
  return (
    <ul className={cn("flex flex-wrap gap-1.5", className)} aria-label="Template size">
      <li>
        <Badge variant="secondary">{plural(counts.sections, "section")}</Badge>
      </li>
      <li>
        <Badge variant="secondary">{plural(counts.subsections, "subsection")}</Badge>
      </li>
      <li>
        <Badge variant="secondary">{plural(counts.items, "item")}</Badge>
      </li>
      {environments.map(([environment, count]) => (
        <li key={environment}>
          <Badge variant="outline">
            {environment}: {plural(count, "item")}
          </Badge>
        </li>
      ))}
      {full && counts.signoffRoles > 0 ? (
        <li>
          <Badge variant="outline">{plural(counts.signoffRoles, "sign-off role")}</Badge>
        </li>
      ) : null}
    </ul>
  );
}

function signoffGroupCount(document: TemplateDocument): number {
  return document.blocks.reduce((sum, block) => sum + (block.kind === "signoff" ? block.groups.length : 0), 0);
}

/** The import preview's figures as compact tiles; each tile reads as one phrase ("100 items"). */
export function TemplateSummary({ counts, document }: { counts: TemplateCounts; document: TemplateDocument }) {
  const groups = signoffGroupCount(document);
  const tiles: { value: number; label: string }[] = [
    { value: counts.sections, label: counts.sections === 1 ? "section" : "sections" },
    { value: counts.subsections, label: counts.subsections === 1 ? "subsection" : "subsections" },
    { value: counts.items, label: counts.items === 1 ? "item" : "items" },
    ...environmentCounts(counts).map(([environment, count]) => ({ value: count, label: `${environment} ${count === 1 ? "item" : "items"}` })),
    {
      value: counts.signoffRoles,
      label: `sign-off ${counts.signoffRoles === 1 ? "role" : "roles"}${groups > 0 ? ` in ${plural(groups, "group")}` : ""}`,
    },
    { value: counts.contactRoles, label: counts.contactRoles === 1 ? "contact role" : "contact roles" },
  ];
  return (
    <ul aria-label="Summary" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {tiles.map((tile) => (
        <li key={tile.label} className="rounded-md border border-border bg-muted/40 px-3 py-2">
          <span className="block text-lg font-semibold tabular-nums leading-tight">{tile.value.toLocaleString("en")}</span>{" "}
          <span className="block text-xs text-muted-foreground">{tile.label}</span>
        </li>
      ))}
    </ul>
  );
}
