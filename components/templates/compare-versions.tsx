import type { ReactNode } from "react";
import { ArrowRight, GitCompareArrows } from "lucide-react";
import type { TemplateItem } from "@/lib/templates/document";
import { templatePath } from "@/lib/projects/paths";
import type { ItemChange, ItemPlace, TemplateDiff } from "@/lib/templates/diff-versions";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";

/** "From" / "To" selects submitting ?from=&to= (plain GET: works without JavaScript). */
export function CompareVersionsForm({
  projectKey,
  templateId,
  versions,
  from,
  to,
  shown,
}: {
  projectKey: string;
  templateId: string;
  versions: number[];
  from: number;
  to: number;
  /** Keeps ?version= when the page shows an older version. */
  shown?: number;
}) {
  return (
    <form method="get" action={`${templatePath(projectKey, templateId)}#comparison`} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      {shown !== undefined ? <input type="hidden" name="version" value={shown} /> : null}
      <div className="grid gap-1.5">
        <Label htmlFor="compare-from">From</Label>
        <NativeSelect id="compare-from" name="from" defaultValue={String(from)}>
          {versions.map((version) => (
            <option key={version} value={version}>
              Version {version}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="compare-to">To</Label>
        <NativeSelect id="compare-to" name="to" defaultValue={String(to)}>
          {versions.map((version) => (
            <option key={version} value={version}>
              Version {version}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="secondary">
        <GitCompareArrows aria-hidden="true" />
        Compare
      </Button>
    </form>
  );
}

const CATEGORIES = [
  { key: "added", label: "added", variant: "success" },
  { key: "removed", label: "removed", variant: "destructive" },
  { key: "changed", label: "changed", variant: "warning" },
  { key: "moved", label: "moved", variant: "secondary" },
] as const satisfies readonly { key: keyof Omit<TemplateDiff, "other">; label: string; variant: BadgeProps["variant"] }[];

/** diffDocuments(from, to) in words: counts, then each added / removed / changed / moved item (under an h2 the page supplies). */
export function VersionDiff({ diff, from, to }: { diff: TemplateDiff; from: number; to: number }) {
  const total = diff.added.length + diff.removed.length + diff.changed.length + diff.moved.length + diff.other.length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <ul aria-label="Differences" className="flex flex-wrap gap-1.5">
          {CATEGORIES.map((category) => (
            <li key={category.key}>
              <Badge variant={diff[category.key].length > 0 ? category.variant : "outline"}>
                {diff[category.key].length} {category.label}
              </Badge>
            </li>
          ))}
        </ul>
      </div>

      {from === to ? (
        <p className="text-sm text-muted-foreground">Both sides are the same version; choose two different versions.</p>
      ) : total === 0 ? (
        <p className="text-sm text-muted-foreground">No differences: the two versions have the same content.</p>
      ) : null}

      {diff.other.length > 0 ? (
        <DiffGroup title="Other changes">
          {diff.other.map((line, index) => (
            <li key={index} className="px-3 py-2 text-sm">
              {line}
            </li>
          ))}
        </DiffGroup>
      ) : null}

      {diff.added.length > 0 ? (
        <DiffGroup title={`Added (${diff.added.length})`}>
          {diff.added.map((change) => (
            <ChangeRow key={change.key} change={change} mark="+" markClass="text-success">
              <PlaceText prefix="in" place={change.to} />
            </ChangeRow>
          ))}
        </DiffGroup>
      ) : null}

      {diff.removed.length > 0 ? (
        <DiffGroup title={`Removed (${diff.removed.length})`}>
          {diff.removed.map((change) => (
            <ChangeRow key={change.key} change={change} mark="−" markClass="text-destructive">
              <PlaceText prefix="was in" place={change.from} />
            </ChangeRow>
          ))}
        </DiffGroup>
      ) : null}

      {diff.changed.length > 0 ? (
        <DiffGroup title={`Changed (${diff.changed.length})`}>
          {diff.changed.map((change) => (
            <ChangeRow key={change.key} change={change} mark="~" markClass="text-warning-soft-foreground">
              <dl className="mt-1 grid gap-1 text-xs">
                {(change.fields ?? []).map((field) => (
                  <div key={field} className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
                    <dt className="font-medium text-muted-foreground">{FIELD_LABEL[field] ?? field}:</dt>
                    <dd className="flex min-w-0 flex-wrap items-baseline gap-x-1.5">
                      <FieldValue field={field} item={change.before} className="bg-destructive-soft text-destructive-soft-foreground line-through decoration-destructive/50" />
                      <ArrowRight className="size-3 shrink-0 self-center text-muted-foreground" aria-hidden="true" />
                      <span className="sr-only">becomes</span>
                      <FieldValue field={field} item={change.after} className="bg-success-soft text-success-soft-foreground" />
                    </dd>
                  </div>
                ))}
              </dl>
            </ChangeRow>
          ))}
        </DiffGroup>
      ) : null}

      {diff.moved.length > 0 ? (
        <DiffGroup title={`Moved (${diff.moved.length})`}>
          {diff.moved.map((change) => (
            <ChangeRow key={change.key} change={change} mark="↕" markClass="text-muted-foreground">
              <div className="text-xs text-muted-foreground">
                {change.from && change.to && change.from.section === change.to.section && change.from.subsection === change.to.subsection ? (
                  <>
                    within <Place place={{ ...change.to, index: -1 }} />: item {change.from.index + 1} → item {change.to.index + 1}
                  </>
                ) : (
                  <>
                    from <Place place={change.from} /> to <Place place={change.to} />
                  </>
                )}
              </div>
            </ChangeRow>
          ))}
        </DiffGroup>
      ) : null}
    </div>
  );
}

function DiffGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <h3 className="text-sm font-semibold">{title}</h3>
      <ul aria-label={title} className="divide-y divide-border rounded-md border border-border bg-card">
        {children}
      </ul>
    </div>
  );
}

function ChangeRow({ change, mark, markClass, children }: { change: ItemChange; mark: string; markClass: string; children: ReactNode }) {
  const command = (change.after ?? change.before)?.command;
  return (
    <li className="flex gap-3 px-3 py-2 text-sm">
      <span aria-hidden="true" className={`w-3 shrink-0 text-center font-mono font-semibold ${markClass}`}>
        {mark}
      </span>
      <div className="min-w-0 flex-1 space-y-0.5">
        <div className="font-medium [overflow-wrap:anywhere]">{change.title}</div>
        {command && !change.fields?.includes("command") ? (
          <code className="block w-fit max-w-full rounded bg-muted px-1.5 py-0.5 font-mono text-xs [overflow-wrap:anywhere]">{command}</code>
        ) : null}
        {children}
      </div>
    </li>
  );
}

function PlaceText({ prefix, place }: { prefix: string; place?: ItemPlace }) {
  return (
    <div className="text-xs text-muted-foreground">
      {prefix} <Place place={place} />
    </div>
  );
}

function Place({ place }: { place?: ItemPlace }) {
  if (!place) return <span>an unknown place</span>;
  return (
    <span className="text-foreground [overflow-wrap:anywhere]">
      {place.section}
      {place.subsection ? ` › ${place.subsection}` : ""}
      {place.index >= 0 ? <span className="text-muted-foreground"> (item {place.index + 1})</span> : null}
    </span>
  );
}

const FIELD_LABEL: Record<string, string> = {
  title: "Title",
  required: "Required",
  environments: "Environments",
  phase: "Phase",
  command: "Command",
};

function fieldText(field: string, item: TemplateItem | undefined): string {
  if (!item) return "—";
  switch (field) {
    case "required":
      return item.required ? "required" : "optional";
    case "environments":
      return item.environments ? `${item.environments.join(", ")} only` : "all environments";
    case "title":
      return item.title;
    case "phase":
      return item.phase ?? "none";
    case "command":
      return item.command ?? "none";
    default:
      return "—";
  }
}

function FieldValue({ field, item, className }: { field: string; item?: TemplateItem; className: string }) {
  const text = fieldText(field, item);
  const isCode = field === "command" && item?.command !== undefined;
  const Comp = isCode ? "code" : "span";
  return <Comp className={`rounded px-1 py-0.5 [overflow-wrap:anywhere] ${isCode ? "font-mono" : ""} ${className}`}>{text}</Comp>;
}
