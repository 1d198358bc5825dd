"use client";

import { memo } from "react";
import { toast } from "sonner";
import type { TemplateItem } from "@/lib/templates/document";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { CheckboxField, FieldError, MoveButtons, RemoveButton, moveButtonId } from "./controls";
import { quoted, useEditor } from "./editor-context";
import { environmentsForAll, toggleEnvironment, type Direction } from "./reducer";
import { fieldIds } from "./validate";

type Props = {
  item: TemplateItem;
  blockKey: string;
  subsectionKey: string;
  index: number;
  count: number;
  /** Checklist items can be moved, removed, limited to environments and given a command; environment items only renamed and toggled. */
  structural: boolean;
  /** Focused when this item is removed: the next item, else the previous one, else the "Add item" button. */
  nextKey?: string;
  previousKey?: string;
  addButtonId: string;
  titleError?: string;
  environmentsError?: string;
  commandError?: string;
};

export const ItemEditor = memo(function ItemEditor({
  item,
  blockKey,
  subsectionKey,
  index,
  count,
  structural,
  nextKey,
  previousKey,
  addButtonId,
  titleError,
  environmentsError,
  commandError,
}: Props) {
  const { dispatch, environments, requestFocus, announce } = useEditor();
  const path = { blockKey, subsectionKey, itemKey: item.key };
  const what = `item ${quoted(item.title)}`;
  const titleId = fieldIds.itemTitle(item.key);
  const environmentsId = fieldIds.itemEnvironments(item.key);
  const commandId = fieldIds.itemCommand(item.key);
  const offered = [...environments, ...(item.environments ?? []).filter((name) => !environments.includes(name))];

  const move = (direction: Direction) => {
    dispatch({ type: "moveItem", ...path, direction });
    requestFocus(moveButtonId(item.key, direction), moveButtonId(item.key, direction === "up" ? "down" : "up"));
    announce(`Moved ${what} ${direction}, to position ${direction === "up" ? index : index + 2} of ${count}.`);
  };
  const remove = () => {
    dispatch({ type: "removeItem", ...path });
    requestFocus(...[nextKey, previousKey].flatMap((key) => (key ? [fieldIds.itemTitle(key)] : [])), addButtonId);
    toast(`Removed ${what}.`, {
      action: { label: "Undo", onClick: () => dispatch({ type: "insertItem", blockKey, subsectionKey, item, index }) },
    });
  };

  return (
    <li className="py-3 first:pt-0 last:pb-0">
      {/* One grid: on phones the title takes the full row and the controls wrap below it. */}
      <div
        role="group"
        aria-label={`Item ${quoted(item.title)}`}
        className="grid grid-cols-[1.5rem_minmax(0,1fr)] items-start gap-x-2 gap-y-1.5 sm:grid-cols-[1.5rem_minmax(0,1fr)_auto]"
      >
        <span className="pt-2 text-right text-xs tabular-nums text-muted-foreground" aria-hidden="true">
          {index + 1}.
        </span>
        <div className="grid min-w-0 gap-1">
          <Label htmlFor={titleId} className="sr-only">
            Item title
          </Label>
          <Input
            id={titleId}
            value={item.title}
            onChange={(event) => dispatch({ type: "updateItem", ...path, patch: { title: event.target.value } })}
            placeholder="What has to be done?"
            maxLength={500}
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError ? `${titleId}-error` : undefined}
          />
          <FieldError id={`${titleId}-error`} message={titleError} />
        </div>

        <div className="col-start-2 flex items-center justify-between gap-3 sm:col-start-3 sm:row-start-1 sm:justify-start sm:pt-0.5">
          <CheckboxField
            id={`item-${item.key}-required`}
            label="Required"
            checked={item.required}
            onCheckedChange={(required) => dispatch({ type: "updateItem", ...path, patch: { required } })}
          />
          {structural ? (
            <div className="flex items-center">
              <MoveButtons id={item.key} what={what} canMoveUp={index > 0} canMoveDown={index < count - 1} onMove={move} />
              <RemoveButton what={what} onRemove={remove} />
            </div>
          ) : null}
        </div>

        <div className="col-start-2 flex flex-wrap items-center gap-x-5 gap-y-1.5 sm:col-span-2">
          {item.phase ? <Badge variant="outline">{item.phase}</Badge> : null}
          {structural ? (
            <fieldset
              id={environmentsId}
              tabIndex={-1}
              className="flex flex-wrap items-center gap-x-4 gap-y-0 rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
              aria-describedby={environmentsError ? `${environmentsId}-error` : undefined}
            >
              <legend className="sr-only">Environments this item applies to</legend>
              <CheckboxField
                id={`item-${item.key}-env-all`}
                label="All environments"
                checked={item.environments === null}
                onCheckedChange={(all) => dispatch({ type: "updateItem", ...path, patch: { environments: environmentsForAll(all, environments) } })}
              />
              {item.environments !== null
                ? offered.map((environment) => (
                    <CheckboxField
                      key={environment}
                      id={`item-${item.key}-env-${environment}`}
                      label={environment}
                      checked={item.environments?.includes(environment) ?? false}
                      aria-invalid={environmentsError ? true : undefined}
                      onCheckedChange={(checked) =>
                        dispatch({
                          type: "updateItem",
                          ...path,
                          patch: { environments: toggleEnvironment(item.environments, environment, checked, offered) },
                        })
                      }
                    />
                  ))
                : null}
            </fieldset>
          ) : (
            <span className="flex flex-wrap gap-1">
              {(item.environments ?? ["all environments"]).map((environment) => (
                <Badge key={environment} variant="secondary">
                  {environment}
                </Badge>
              ))}
            </span>
          )}
          {structural ? (
            <div className="flex min-w-0 flex-1 basis-56 items-center gap-2">
              <Label htmlFor={commandId} className="shrink-0 font-normal text-muted-foreground">
                Command
              </Label>
              <Input
                id={commandId}
                value={item.command ?? ""}
                onChange={(event) => dispatch({ type: "updateItem", ...path, patch: { command: event.target.value } })}
                placeholder="Optional"
                maxLength={2000}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                className="h-8 font-mono text-xs"
                aria-invalid={commandError ? true : undefined}
                aria-describedby={commandError ? `${commandId}-error` : undefined}
              />
            </div>
          ) : item.command ? (
            <p className="min-w-0 text-xs text-muted-foreground">
              Command: <code className="break-all rounded bg-muted px-1 py-0.5 font-mono text-foreground">{item.command}</code>
            </p>
          ) : null}
        </div>

        {environmentsError || commandError ? (
          <div className="col-start-2 sm:col-span-2">
            <FieldError id={`${environmentsId}-error`} message={environmentsError} />
            <FieldError id={`${commandId}-error`} message={commandError} />
          </div>
        ) : null}
      </div>
    </li>
  );
});
