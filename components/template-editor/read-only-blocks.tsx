"use client";

import { memo, type ReactNode } from "react";
import { Lock } from "lucide-react";
import type { EnvironmentsBlock, TemplateBlock } from "@/lib/templates/document";
import { Badge } from "@/components/ui/badge";
import { ItemEditor } from "./item-editor";
import { fieldIds } from "./validate";

const KIND_LABELS: Record<TemplateBlock["kind"], string> = {
  checklist: "Checklist section",
  environments: "Environment checklists",
  runbook: "Runbook",
  note: "Note",
  signoff: "Sign-off",
  contacts: "Contacts",
  decision: "Decision",
};

function BlockFrame({ block, badge, hint, children }: { block: TemplateBlock; badge: string; hint: string; children: ReactNode }) {
  return (
    <section aria-label={`${KIND_LABELS[block.kind]} “${block.title}”`} className="rounded-lg border border-dashed border-border bg-muted/40">
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-dashed border-border px-4 py-3">
        <div className="grid min-w-0 gap-0.5">
          <p className="text-xs uppercase tracking-wide text-muted-foreground">{KIND_LABELS[block.kind]}</p>
          <h2 className="text-base font-semibold leading-tight">{block.title}</h2>
        </div>
        <Badge variant="outline">
          <Lock aria-hidden="true" />
          {badge}
        </Badge>
      </div>
      <div className="grid gap-3 px-4 py-3 text-sm">
        <p className="text-muted-foreground">{hint}</p>
        {children}
      </div>
    </section>
  );
}

const READ_ONLY_HINT = "Shown read-only in the editor. To change it, export the Markdown, edit it and import it again under the same name.";

/** Runbooks, notes, contacts and decisions: shown as they are, not editable here. */
export const ReadOnlyBlock = memo(function ReadOnlyBlock({ block }: { block: Exclude<TemplateBlock, { kind: "checklist" | "environments" | "signoff" }> }) {
  return (
    <BlockFrame block={block} badge="Read-only" hint={READ_ONLY_HINT}>
      {block.kind === "runbook" || block.kind === "note" ? (
        block.markdown ? (
          <pre className="max-h-72 overflow-auto whitespace-pre-wrap break-words rounded-md bg-card p-3 font-mono text-xs text-foreground">
            {block.markdown}
          </pre>
        ) : null
      ) : block.kind === "contacts" ? (
        <div className="grid gap-1">
          <p className="text-muted-foreground">Columns: {block.columns.join(", ")}</p>
          <ul className="flex flex-wrap gap-1.5" aria-label="Contact roles">
            {block.roles.map((role) => (
              <li key={role}>
                <Badge variant="secondary">{role}</Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ul className="grid gap-1" aria-label="Options">
          {block.options.map((option) => (
            <li key={option.label}>
              <span className="font-medium">{option.label}</span>
              {option.description ? <span className="text-muted-foreground">: {option.description}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </BlockFrame>
  );
});

/**
 * The environment-specific checklists: their items may be renamed and marked
 * required or optional; the rest (which environment, phases, commands, order)
 * is read-only here.
 */
export const EnvironmentsBlockEditor = memo(function EnvironmentsBlockEditor({
  block,
  problems,
}: {
  block: EnvironmentsBlock;
  problems: Readonly<Record<string, string>>;
}) {
  return (
    <BlockFrame
      block={block}
      badge="Partly read-only"
      hint="Items here can be renamed and marked required or optional. Their environments, phases, commands and order are read-only in the editor."
    >
      {block.subsections.map((subsection) => (
        <div key={subsection.key} role="group" aria-label={`Environment checklist “${subsection.title}”`} className="grid gap-2 rounded-md border border-border bg-card p-3">
          <h3 className="font-medium">{subsection.title}</h3>
          <ol className="divide-y divide-border">
            {subsection.items.map((item, index) => (
              <ItemEditor
                key={item.key}
                item={item}
                blockKey={block.key}
                subsectionKey={subsection.key}
                index={index}
                count={subsection.items.length}
                structural={false}
                addButtonId=""
                titleError={problems[fieldIds.itemTitle(item.key)]}
              />
            ))}
          </ol>
        </div>
      ))}
    </BlockFrame>
  );
});
