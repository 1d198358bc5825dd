"use client";

import { memo } from "react";
import { ChevronRight, Plus } from "lucide-react";
import { toast } from "sonner";
import type { ChecklistBlock, TemplateSubsection } from "@/lib/templates/document";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { CheckboxField, FieldError, MoveButtons, RemoveButton, moveButtonId } from "./controls";
import { quoted, useEditor } from "./editor-context";
import { ItemEditor } from "./item-editor";
import { newKey } from "./keys";
import type { Direction } from "./reducer";
import { fieldIds } from "./validate";

export const ADD_SECTION_BUTTON_ID = "add-section";
const addItemButtonId = (subsectionKey: string) => `add-item-${subsectionKey}`;
const addSubsectionButtonId = (blockKey: string) => `add-subsection-${blockKey}`;

type SectionProps = {
  block: ChecklistBlock;
  /** Position among all blocks, to put the section back on "Undo". */
  blockIndex: number;
  /** 1-based number among the checklist sections, shown to orient the reader. */
  number: number;
  canMoveUp: boolean;
  canMoveDown: boolean;
  /** The template's sign-off role names, offered as responsible roles. */
  signoffRoles: readonly string[];
  problems: Readonly<Record<string, string>>;
};

/** One checklist section: its title, responsible roles, subsections and items. */
export const SectionEditor = memo(function SectionEditor({ block, blockIndex, number, canMoveUp, canMoveDown, signoffRoles, problems }: SectionProps) {
  const { dispatch, requestFocus, announce } = useEditor();
  const what = `section ${quoted(block.title)}`;
  const titleId = fieldIds.sectionTitle(block.key);
  const titleError = problems[titleId];
  const itemCount = block.subsections.reduce((sum, subsection) => sum + subsection.items.length, 0);

  const move = (direction: Direction) => {
    dispatch({ type: "moveSection", blockKey: block.key, direction });
    requestFocus(moveButtonId(block.key, direction), moveButtonId(block.key, direction === "up" ? "down" : "up"));
    announce(`Moved ${what} ${direction}.`);
  };
  const remove = () => {
    dispatch({ type: "removeSection", blockKey: block.key });
    requestFocus(ADD_SECTION_BUTTON_ID);
    toast(`Removed ${what}${itemCount ? ` and its ${itemCount} ${itemCount === 1 ? "item" : "items"}` : ""}.`, {
      action: { label: "Undo", onClick: () => dispatch({ type: "insertBlock", block, index: blockIndex }) },
    });
  };
  const addSubsection = () => {
    const key = newKey();
    dispatch({ type: "addSubsection", blockKey: block.key, key });
    requestFocus(fieldIds.subsectionTitle(key));
  };

  return (
    <section aria-label={`Section ${quoted(block.title)}`} className="rounded-lg border border-border bg-card shadow-xs">
      <div className="grid gap-2 border-b border-border p-3 sm:p-4">
        <div className="flex items-center justify-between gap-2">
          <Label htmlFor={titleId} className="text-xs uppercase tracking-wide text-muted-foreground">
            Section {number} title
          </Label>
          <div className="flex shrink-0 items-center">
            <MoveButtons id={block.key} what={what} canMoveUp={canMoveUp} canMoveDown={canMoveDown} onMove={move} />
            <RemoveButton what={what} onRemove={remove} />
          </div>
        </div>
        <Input
          id={titleId}
          value={block.title}
          onChange={(event) => dispatch({ type: "renameSection", blockKey: block.key, title: event.target.value })}
          placeholder="e.g. Pre-deployment Validation"
          maxLength={500}
          className="text-base font-semibold"
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? `${titleId}-error` : undefined}
        />
        <FieldError id={`${titleId}-error`} message={titleError} />
        <ResponsibleRoles block={block} signoffRoles={signoffRoles} />
      </div>

      <div className="divide-y divide-border">
        {block.subsections.map((subsection, index) => (
          <SubsectionEditor
            key={subsection.key}
            blockKey={block.key}
            sectionTitle={block.title}
            subsection={subsection}
            index={index}
            count={block.subsections.length}
            nextKey={block.subsections[index + 1]?.key}
            problems={problems}
          />
        ))}
      </div>
      <div className="border-t border-border p-3">
        <Button type="button" id={addSubsectionButtonId(block.key)} variant="ghost" size="sm" onClick={addSubsection} aria-label={`Add subsection to ${what}`}>
          <Plus aria-hidden="true" />
          Add subsection
        </Button>
      </div>
    </section>
  );
});

function ResponsibleRoles({ block, signoffRoles }: { block: ChecklistBlock; signoffRoles: readonly string[] }) {
  const { dispatch } = useEditor();
  const chosen = block.responsibleRoles;
  const summary = chosen.length === 0 ? "every sign-off role" : chosen.join(", ");
  return (
    <details className="group rounded-md text-sm">
      <summary className="flex w-fit cursor-pointer list-none items-center gap-1 rounded-sm text-muted-foreground hover:text-foreground focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-4 transition-transform group-open:rotate-90" aria-hidden="true" />
        <span>
          Responsible: <span className="font-medium text-foreground">{summary}</span>
        </span>
      </summary>
      <fieldset className="mt-2 grid gap-1 pl-5">
        <legend className="sr-only">Responsible sign-off roles for {quoted(block.title)}</legend>
        <p className="text-muted-foreground">
          Which sign-off roles answer for this section. None ticked: every sign-off role covers it.
        </p>
        {signoffRoles.length === 0 ? (
          <p className="text-muted-foreground">The template has no sign-off roles yet; choose them under Sign-off roles.</p>
        ) : (
          <div className="flex flex-wrap gap-x-5">
            {signoffRoles.map((role) => (
              <CheckboxField
                key={role}
                id={`section-${block.key}-role-${slug(role)}`}
                label={role}
                checked={chosen.some((name) => name.toLowerCase() === role.toLowerCase())}
                onCheckedChange={(checked) => dispatch({ type: "setResponsibleRole", blockKey: block.key, role, checked })}
              />
            ))}
          </div>
        )}
      </fieldset>
    </details>
  );
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "role";
}

type SubsectionProps = {
  blockKey: string;
  sectionTitle: string;
  subsection: TemplateSubsection;
  index: number;
  count: number;
  nextKey?: string;
  problems: Readonly<Record<string, string>>;
};

function SubsectionEditor({ blockKey, sectionTitle, subsection, index, count, nextKey, problems }: SubsectionProps) {
  const { dispatch, requestFocus, announce } = useEditor();
  const path = { blockKey, subsectionKey: subsection.key };
  const name = subsection.title.trim() ? quoted(subsection.title) : `(no heading) of ${quoted(sectionTitle)}`;
  const what = `subsection ${name}`;
  const titleId = fieldIds.subsectionTitle(subsection.key);
  const titleError = problems[titleId];
  const addButtonId = addItemButtonId(subsection.key);

  const move = (direction: Direction) => {
    dispatch({ type: "moveSubsection", ...path, direction });
    requestFocus(moveButtonId(subsection.key, direction), moveButtonId(subsection.key, direction === "up" ? "down" : "up"));
    announce(`Moved ${what} ${direction}.`);
  };
  const remove = () => {
    dispatch({ type: "removeSubsection", ...path });
    requestFocus(...(nextKey ? [fieldIds.subsectionTitle(nextKey)] : []), addSubsectionButtonId(blockKey));
    const items = subsection.items.length;
    toast(`Removed ${what}${items ? ` and its ${items} ${items === 1 ? "item" : "items"}` : ""}.`, {
      action: { label: "Undo", onClick: () => dispatch({ type: "insertSubsection", blockKey, subsection, index }) },
    });
  };
  const addItem = () => {
    const key = newKey();
    dispatch({ type: "addItem", ...path, key });
    requestFocus(fieldIds.itemTitle(key));
  };

  return (
    <div role="group" aria-label={`Subsection ${name}`} className="grid gap-3 p-3 sm:p-4">
      <div className="grid gap-1.5">
        <div className="flex items-center justify-between gap-2">
          <Label htmlFor={titleId} className="text-xs text-muted-foreground">
            Subsection title
          </Label>
          <div className="flex shrink-0 items-center">
            <MoveButtons id={subsection.key} what={what} canMoveUp={index > 0} canMoveDown={index < count - 1} onMove={move} />
            <RemoveButton what={what} onRemove={remove} />
          </div>
        </div>
        <Input
          id={titleId}
          value={subsection.title}
          onChange={(event) => dispatch({ type: "renameSubsection", ...path, title: event.target.value })}
          placeholder={index === 0 ? "No heading: items sit directly under the section" : "e.g. Code Quality"}
          maxLength={500}
          className="font-medium"
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? `${titleId}-error` : undefined}
        />
      </div>
      <FieldError id={`${titleId}-error`} message={titleError} />
      {subsection.note ? <p className="whitespace-pre-wrap text-sm text-muted-foreground">{subsection.note}</p> : null}

      {subsection.items.length > 0 ? (
        <ol className="divide-y divide-border border-l-2 border-border pl-1 sm:pl-3" aria-label={`Items of ${what}`}>
          {subsection.items.map((item, itemIndex) => (
            <ItemEditor
              key={item.key}
              item={item}
              blockKey={blockKey}
              subsectionKey={subsection.key}
              index={itemIndex}
              count={subsection.items.length}
              structural
              nextKey={subsection.items[itemIndex + 1]?.key}
              previousKey={subsection.items[itemIndex - 1]?.key}
              addButtonId={addButtonId}
              titleError={problems[fieldIds.itemTitle(item.key)]}
              environmentsError={problems[fieldIds.itemEnvironments(item.key)]}
              commandError={problems[fieldIds.itemCommand(item.key)]}
            />
          ))}
        </ol>
      ) : (
        <p className="text-sm text-muted-foreground">No items yet.</p>
      )}
      <div>
        <Button type="button" id={addButtonId} variant="outline" size="sm" onClick={addItem} aria-label={`Add item to ${what}`}>
          <Plus aria-hidden="true" />
          Add item
        </Button>
      </div>
    </div>
  );
}
