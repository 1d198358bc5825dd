import type { ReactNode } from "react";
import { BookOpenText, ClipboardCheck, Layers, PenLine, Phone, Scale, StickyNote } from "lucide-react";
import type {
  ChecklistBlock,
  EnvironmentsBlock,
  SignoffBlock,
  TemplateBlock,
  TemplateDocument,
  TemplateItem,
  TemplateSubsection,
} from "@/lib/templates/document";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { plural } from "./format";

/**
 * A template version, read-only, as a tree: checklist sections > subsections >
 * items, the environment-specific block, runbooks, notes, sign-off roles,
 * contact roles, the decision and the closing note. Shared by the import
 * preview and the template page. Every title and note is rendered as React
 * text (never as HTML); runbooks and notes keep their Markdown source as
 * preformatted text. `X.Y.Z` is shown as written; releases substitute it.
 *
 * Headings start at h3: the tree sits under an h2 ("Preview", "Checklist").
 */
export function TemplateTree({ document, idPrefix }: { document: TemplateDocument; idPrefix: string }) {
  return (
    <div data-slot="template-tree" className="@container space-y-8">
      {document.description ? <Prose text={document.description} className="text-muted-foreground" /> : null}
      {document.blocks.map((block) => (
        <Block key={block.key} block={block} headingId={`${idPrefix}-${block.key}`} />
      ))}
      {document.closingNote ? (
        <BlockSection headingId={`${idPrefix}-closing-note`} title="Closing note" icon={StickyNote}>
          <Prose text={document.closingNote} />
        </BlockSection>
      ) : null}
    </div>
  );
}

const KIND_LABEL: Record<TemplateBlock["kind"], string> = {
  checklist: "Checklist",
  environments: "Environment-specific",
  runbook: "Runbook",
  note: "Note",
  signoff: "Sign-off",
  contacts: "Contacts",
  decision: "Decision",
};

const KIND_ICON = {
  checklist: ClipboardCheck,
  environments: Layers,
  runbook: BookOpenText,
  note: StickyNote,
  signoff: PenLine,
  contacts: Phone,
  decision: Scale,
} as const;

function Block({ block, headingId }: { block: TemplateBlock; headingId: string }) {
  const icon = KIND_ICON[block.kind];
  switch (block.kind) {
    case "checklist":
      return (
        <BlockSection headingId={headingId} title={block.title} icon={icon} kind={KIND_LABEL.checklist} meta={plural(itemCount(block), "item")}>
          <Checklist block={block} />
        </BlockSection>
      );
    case "environments":
      return (
        <BlockSection headingId={headingId} title={block.title} icon={icon} kind={KIND_LABEL.environments} meta={plural(itemCount(block), "item")}>
          <Environments block={block} />
        </BlockSection>
      );
    case "runbook":
      return (
        <BlockSection headingId={headingId} title={block.title} icon={icon} kind={KIND_LABEL.runbook}>
          {block.markdown ? (
            <pre className="whitespace-pre-wrap rounded-md border border-border bg-muted/60 p-4 font-mono text-xs leading-relaxed text-foreground [overflow-wrap:anywhere]">
              {block.markdown}
            </pre>
          ) : (
            <Empty>No text.</Empty>
          )}
        </BlockSection>
      );
    case "note":
      return (
        <BlockSection headingId={headingId} title={block.title} icon={icon} kind={KIND_LABEL.note}>
          {block.markdown ? <Prose text={block.markdown} /> : <Empty>No text.</Empty>}
        </BlockSection>
      );
    case "signoff":
      return (
        <BlockSection headingId={headingId} title={block.title} icon={icon} kind={KIND_LABEL.signoff} meta={plural(signoffRoleCount(block), "role")}>
          <Signoff block={block} />
        </BlockSection>
      );
    case "contacts":
      return (
        <BlockSection headingId={headingId} title={block.title} icon={icon} kind={KIND_LABEL.contacts} meta={plural(block.roles.length, "role")}>
          <div className="space-y-2">
            <ul aria-label="Contact roles" className="flex flex-wrap gap-2">
              {block.roles.map((role, index) => (
                <li key={`${index}-${role}`}>
                  <Badge variant="outline" className="text-sm font-normal">
                    {role}
                  </Badge>
                </li>
              ))}
            </ul>
            {block.columns.length > 1 ? (
              <p className="text-xs text-muted-foreground">Each release fills in: {block.columns.slice(1).join(", ")}.</p>
            ) : null}
          </div>
        </BlockSection>
      );
    case "decision":
      return (
        <BlockSection headingId={headingId} title={block.title} icon={icon} kind={KIND_LABEL.decision}>
          <ul aria-label="Decision options" className="space-y-2">
            {block.options.map((option, index) => (
              <li key={`${index}-${option.label}`} className="flex flex-wrap items-baseline gap-2 text-sm">
                <Badge variant={/^NO/i.test(option.label) ? "destructive" : /^GO$/i.test(option.label) ? "success" : "outline"}>
                  {option.label}
                </Badge>
                <span>{option.description}</span>
              </li>
            ))}
          </ul>
        </BlockSection>
      );
  }
}

function BlockSection({
  headingId,
  title,
  icon: Icon,
  kind,
  meta,
  children,
}: {
  headingId: string;
  title: string;
  icon: typeof StickyNote;
  kind?: string;
  meta?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-border pb-2">
        <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
        <h3 id={headingId} className="min-w-0 text-base font-semibold leading-tight [overflow-wrap:anywhere]">
          {title}
        </h3>
        <span className="flex flex-wrap gap-1.5">
          {kind && kind.toLowerCase() !== title.toLowerCase() ? <Badge variant="secondary">{kind}</Badge> : null}
          {meta ? <Badge variant="outline">{meta}</Badge> : null}
        </span>
      </div>
      {children}
    </section>
  );
}

function Checklist({ block }: { block: ChecklistBlock }) {
  return (
    <div className="space-y-4">
      {block.note ? <Prose text={block.note} className="text-muted-foreground" /> : null}
      {block.responsibleRoles.length > 0 ? (
        <p className="text-xs text-muted-foreground">Signed off by: {block.responsibleRoles.join(", ")}</p>
      ) : null}
      {block.subsections.map((subsection) => (
        <Subsection key={subsection.key} subsection={subsection} fallbackLabel={block.title} />
      ))}
    </div>
  );
}

function Subsection({
  subsection,
  fallbackLabel,
  badge,
  children,
}: {
  subsection: TemplateSubsection;
  fallbackLabel: string;
  badge?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="space-y-2">
      {subsection.title ? (
        <div className="flex flex-wrap items-center gap-2">
          <h4 className="text-sm font-semibold text-foreground [overflow-wrap:anywhere]">{subsection.title}</h4>
          {badge}
        </div>
      ) : null}
      {subsection.note ? <Prose text={subsection.note} className="text-muted-foreground" /> : null}
      {children ??
        (subsection.items.length > 0 ? (
          <ItemList items={subsection.items} label={subsection.title || fallbackLabel} />
        ) : (
          <Empty>No items.</Empty>
        ))}
    </div>
  );
}

function Environments({ block }: { block: EnvironmentsBlock }) {
  return (
    <div className="space-y-5">
      {block.note ? <Prose text={block.note} className="text-muted-foreground" /> : null}
      {block.subsections.map((subsection) => {
        const environments = [...new Set(subsection.items.flatMap((item) => item.environments ?? []))];
        return (
          <Subsection
            key={subsection.key}
            subsection={subsection}
            fallbackLabel={block.title}
            badge={environments.map((environment) => (
              <Badge key={environment} variant="warning">
                {environment} only
              </Badge>
            ))}
          >
            {subsection.items.length > 0 ? (
              <div className="space-y-3">
                {phases(subsection.items).map((run, index) => (
                  <div key={index} className="space-y-1.5">
                    {run.phase ? (
                      <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{run.phase}</p>
                    ) : null}
                    <ItemList
                      items={run.items}
                      label={run.phase ? `${subsection.title}: ${run.phase}` : subsection.title || block.title}
                      inEnvironmentBlock
                    />
                  </div>
                ))}
              </div>
            ) : (
              <Empty>No items.</Empty>
            )}
          </Subsection>
        );
      })}
    </div>
  );
}

/** Consecutive items of the same phase, in order. */
function phases(items: TemplateItem[]): { phase?: string; items: TemplateItem[] }[] {
  const runs: { phase?: string; items: TemplateItem[] }[] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last && last.phase === item.phase) last.items.push(item);
    else runs.push({ phase: item.phase, items: [item] });
  }
  return runs;
}

function ItemList({ items, label, inEnvironmentBlock = false }: { items: TemplateItem[]; label: string; inEnvironmentBlock?: boolean }) {
  return (
    <ul aria-label={label} className="divide-y divide-border overflow-hidden rounded-md border border-border bg-card">
      {items.map((item) => (
        <li key={item.key} className="flex gap-3 px-3 py-2 text-sm">
          <span aria-hidden="true" className="mt-0.5 size-4 shrink-0 rounded-sm border border-input bg-card" />
          <div className="min-w-0 flex-1 space-y-1">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <span className="[overflow-wrap:anywhere]">{item.title}</span>
              {!item.required ? <Badge variant="outline">Optional</Badge> : null}
              {!inEnvironmentBlock && item.environments ? (
                <Badge variant="warning">{item.environments.join(", ")} only</Badge>
              ) : null}
              {!inEnvironmentBlock && item.phase ? <Badge variant="secondary">{item.phase}</Badge> : null}
            </div>
            {item.command ? (
              <code className="block w-fit max-w-full rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-foreground [overflow-wrap:anywhere]">
                {item.command}
              </code>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Signoff({ block }: { block: SignoffBlock }) {
  if (block.groups.length === 0) return <Empty>No roles.</Empty>;
  return (
    <div className="grid gap-3 @md:grid-cols-2 @2xl:grid-cols-3">
      {block.groups.map((group, index) => {
        const label = group.title || block.title;
        return (
          <div key={`${index}-${group.title}`} className="space-y-2 rounded-md border border-border bg-card p-3">
            {group.title ? <h4 className="text-sm font-semibold">{group.title}</h4> : null}
            <ul aria-label={label} className="space-y-1.5">
              {group.roles.map((role, roleIndex) => (
                <li key={`${roleIndex}-${role}`} className="flex items-center gap-2 text-sm">
                  <PenLine className="size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />
                  <span className="[overflow-wrap:anywhere]">{role}</span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

/** Markdown source shown as plain text with its line breaks (never parsed into HTML). */
function Prose({ text, className }: { text: string; className?: string }) {
  return <p className={cn("whitespace-pre-wrap text-sm leading-relaxed [overflow-wrap:anywhere]", className)}>{text}</p>;
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm italic text-muted-foreground">{children}</p>;
}

function itemCount(block: ChecklistBlock | EnvironmentsBlock): number {
  return block.subsections.reduce((sum, subsection) => sum + subsection.items.length, 0);
}

function signoffRoleCount(block: SignoffBlock): number {
  return block.groups.reduce((sum, group) => sum + group.roles.length, 0);
}
