"use client";

import { lazy, memo, type RefObject, Suspense, useLayoutEffect, useRef } from "react";
import { ExternalLink } from "lucide-react";
import type { ItemStatus } from "@/lib/releases/release-status";
import type { ReleaseItemView } from "@/lib/releases/get-release";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { useOpenOnFirstUse } from "@/components/ui/use-open-on-first-use";
import { CopyButton } from "./copy-button";
import { formatUtc } from "./format";
import { checkboxId } from "./item-dom";
import { useItemState } from "./item-store";
import { useWorkspace, type WorkspaceContextValue } from "./workspace-context";

/** The menu's code (Radix menu and its positioning) loads on first use, not with the page. */
const ItemMenuContent = lazy(() => import("./item-menu-content").then((module) => ({ default: module.ItemMenuContent })));

export type ItemAction = { kind: "tick"; done: boolean } | { kind: "edit"; status: ItemStatus } | { kind: "reopen" };

type Props = { item: ReleaseItemView };

/** A link's text without the scheme, shortened in the middle of long paths. */
function linkText(url: string): string {
  const text = url.replace(/^https?:\/\//, "").replace(/\/$/, "");
  return text.length > 60 ? `${text.slice(0, 40)}…${text.slice(-16)}` : text;
}

/**
 * One checklist item: a native checkbox named by the item's text (checked =
 * done), what the item needs (command, reason, note, evidence), who has it
 * and who changed it last, and a menu for the other states. It reads its own
 * state from the page's item store, so a tick re-renders this row alone; its
 * look is a few component classes (app/globals.css, `.cl-*`) because a page
 * may hold a thousand of them.
 */
export const ChecklistItem = memo(function ChecklistItem({ item }: Props) {
  const { store, readOnly, hydrated, meId, userNames, onAction } = useWorkspace();
  const state = useItemState(store, item.key) ?? item.state;
  const id = checkboxId(item.key);
  const done = state.status === "done";
  const na = state.status === "na";
  const blocked = state.status === "blocked";
  const assignedToMe = state.assigneeId === meId;
  const assigneeName = state.assigneeId ? (userNames.get(state.assigneeId) ?? "a former user") : null;
  const changed = state.updatedByName && state.updatedAt;
  const checkbox = useCheckedSync(done);
  // Markup kept small on purpose (a page may hold a thousand rows): the look comes from `.cl-row`
  // and its children in app/globals.css, and each text is one text node.
  return (
    <li data-status={state.status} className="cl-row">
      {/* Uncontrolled: a tick is the browser's own toggle, painted before React hears of it (docs/decisions/028); useCheckedSync keeps it in step with the item's state. */}
      <input
        ref={checkbox}
        type="checkbox"
        id={id}
        defaultChecked={done}
        disabled={readOnly}
        onChange={(event) => onAction(item, { kind: "tick", done: event.currentTarget.checked })}
      />
      <div>
        <div className="cl-head">
          <label htmlFor={id}>{item.title}</label>
          {!item.required || na || blocked ? (
            <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
              {!item.required ? <Badge variant="outline">Optional</Badge> : null}
              {na ? <Badge variant="secondary">Not applicable</Badge> : null}
              {blocked ? <Badge variant="destructive">Blocked</Badge> : null}
            </span>
          ) : null}
          {/* Rendered once the page has hydrated (until then it could not open anyway): a thousand buttons are not in the HTML. */}
          {readOnly || !hydrated ? null : <ItemMenu item={item} status={state.status} onAction={onAction} />}
        </div>

        {item.command ? (
          <div className="flex max-w-full items-center gap-1">
            <code className="min-w-0 rounded-md border border-border bg-muted px-2 py-1 font-mono text-xs text-foreground [overflow-wrap:anywhere]">
              {item.command}
            </code>
            <CopyButton text={item.command} />
          </div>
        ) : null}

        {state.reason && (na || blocked) ? (
          <p className={cn("text-sm [overflow-wrap:anywhere]", blocked ? "text-destructive-soft-foreground" : "text-muted-foreground")}>
            <span className="font-medium">{na ? "Not applicable: " : "Blocked: "}</span>
            {state.reason}
          </p>
        ) : null}

        {state.note ? (
          <p className="whitespace-pre-wrap rounded-md bg-muted/60 px-3 py-2 text-sm text-foreground [overflow-wrap:anywhere]">
            <span className="sr-only">Note: </span>
            {state.note}
          </p>
        ) : null}

        {state.evidenceLinks.length > 0 ? (
          <ul aria-label={`Evidence for ${item.title}`} className="flex flex-wrap gap-x-4 gap-y-1">
            {state.evidenceLinks.map((url, index) => (
              <li key={`${index}-${url}`} className="min-w-0">
                <a
                  href={url}
                  target="_blank"
                  rel="noopener noreferrer nofollow"
                  className="inline-flex max-w-full items-center gap-1 text-xs text-primary underline-offset-4 hover:underline"
                >
                  <ExternalLink aria-hidden="true" className="size-3 shrink-0" />
                  <span className="truncate">{linkText(url)}</span>
                </a>
              </li>
            ))}
          </ul>
        ) : null}

        {assigneeName || changed ? (
          <p className="cl-meta">
            {assigneeName ? <span className="cl-assignee" data-mine={assignedToMe ? "" : undefined}>{assignedToMe ? "Assigned to you" : `Assigned to ${assigneeName}`}</span> : null}
            {changed ? (
              <span>
                {`${done ? "Done" : na ? "Marked not applicable" : blocked ? "Marked blocked" : "Changed"} by ${state.updatedByName}, `}
                <time dateTime={state.updatedAt!}>{formatUtc(state.updatedAt!)}</time>
              </span>
            ) : null}
          </p>
        ) : null}
      </div>
    </li>
  );
});

/**
 * The checkbox shows the item's state: whenever the state changes (a live
 * update, a refusal rolling a tick back, a change from the menu), the box is
 * set to match; after the user's own tick it already does.
 */
function useCheckedSync(done: boolean): RefObject<HTMLInputElement | null> {
  const ref = useRef<HTMLInputElement>(null);
  // After every render of the row (it renders only when its item changes): cheap, and never out of step.
  useLayoutEffect(() => {
    if (ref.current && ref.current.checked !== done) ref.current.checked = done;
  });
  return ref;
}

/**
 * The item's menu. A plain button until first used, so a long checklist does
 * not set up a hundred menus while the page loads; the real menu takes over
 * (already open) on the first click, Enter or Space, once its code has loaded.
 */
function ItemMenu({ item, status, onAction }: { item: ReleaseItemView; status: ItemStatus; onAction: WorkspaceContextValue["onAction"] }) {
  const { used, open, setOpen, onFirstClick } = useOpenOnFirstUse();
  // A plain button with a CSS-drawn icon (`.cl-menu`): a page may hold a thousand of them.
  const button = <button type="button" className="cl-menu" aria-label={`Actions for ${item.title}`} aria-haspopup="menu" onClick={onFirstClick} />;
  if (!used) return button;
  return (
    <Suspense fallback={button}>
      <ItemMenuContent item={item} status={status} onAction={onAction} open={open} onOpenChange={setOpen} button={button} />
    </Suspense>
  );
}
