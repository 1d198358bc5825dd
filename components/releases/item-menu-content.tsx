"use client";

import type { ReactNode } from "react";
import { Ban, CircleSlash, NotebookPen, RotateCcw } from "lucide-react";
import type { ItemStatus } from "@/lib/releases/release-status";
import type { ReleaseItemView } from "@/lib/releases/get-release";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { ItemAction } from "./checklist-item";

/** A checklist item's menu, around the trigger button the item already shows. Loaded on first use (checklist-item.tsx). */
export function ItemMenuContent({
  item,
  status,
  onAction,
  open,
  onOpenChange,
  button,
}: {
  item: ReleaseItemView;
  status: ItemStatus;
  onAction: (item: ReleaseItemView, action: ItemAction) => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  button: ReactNode;
}) {
  return (
    <DropdownMenu modal={false} open={open} onOpenChange={onOpenChange}>
      <DropdownMenuTrigger asChild>{button}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        {status !== "na" ? (
          <DropdownMenuItem onSelect={() => onAction(item, { kind: "edit", status: "na" })}>
            <CircleSlash aria-hidden="true" />
            Mark not applicable…
          </DropdownMenuItem>
        ) : null}
        {status !== "blocked" ? (
          <DropdownMenuItem onSelect={() => onAction(item, { kind: "edit", status: "blocked" })}>
            <Ban aria-hidden="true" />
            Mark blocked…
          </DropdownMenuItem>
        ) : null}
        {status !== "open" ? (
          <DropdownMenuItem onSelect={() => onAction(item, { kind: "reopen" })}>
            <RotateCcw aria-hidden="true" />
            Reopen
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => onAction(item, { kind: "edit", status })}>
          <NotebookPen aria-hidden="true" />
          Note, evidence, assignee…
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
