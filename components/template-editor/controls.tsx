"use client";

import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";
import { Label } from "@/components/ui/label";
import type { Direction } from "./reducer";

type MoveButtonsProps = {
  /** Unique among the editor's movable things; the buttons' ids derive from it. */
  id: string;
  /** e.g. "item “Smoke tests pass”": the buttons are named "Move item “Smoke tests pass” up". */
  what: string;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onMove: (direction: Direction) => void;
};

export const moveButtonId = (id: string, direction: Direction) => `move-${id}-${direction}`;

/** "Move up" / "Move down" buttons: reordering that works with the keyboard alone. */
export function MoveButtons({ id, what, canMoveUp, canMoveDown, onMove }: MoveButtonsProps) {
  return (
    <>
      <Button
        type="button"
        id={moveButtonId(id, "up")}
        variant="ghost"
        size="icon"
        className="size-8"
        disabled={!canMoveUp}
        aria-label={`Move ${what} up`}
        title="Move up"
        onClick={() => onMove("up")}
      >
        <ArrowUp aria-hidden="true" />
      </Button>
      <Button
        type="button"
        id={moveButtonId(id, "down")}
        variant="ghost"
        size="icon"
        className="size-8"
        disabled={!canMoveDown}
        aria-label={`Move ${what} down`}
        title="Move down"
        onClick={() => onMove("down")}
      >
        <ArrowDown aria-hidden="true" />
      </Button>
    </>
  );
}

export function RemoveButton({ what, onRemove }: { what: string; onRemove: () => void }) {
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon"
      className="size-8 text-muted-foreground hover:bg-destructive-soft hover:text-destructive"
      aria-label={`Remove ${what}`}
      title="Remove"
      onClick={onRemove}
    >
      <Trash2 aria-hidden="true" />
    </Button>
  );
}

type CheckboxFieldProps = {
  id: string;
  label: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean;
  className?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
};

/** A real checkbox with its visible label (clicking the label toggles it). */
export function CheckboxField({ id, label, checked, onCheckedChange, disabled, className, ...aria }: CheckboxFieldProps) {
  return (
    <div className={cn("flex min-h-8 items-center gap-2", className)}>
      <Checkbox id={id} checked={checked} disabled={disabled} onCheckedChange={(value) => onCheckedChange(value === true)} {...aria} />
      <Label htmlFor={id} className="cursor-pointer font-normal">
        {label}
      </Label>
    </div>
  );
}

/** The message under a field, linked to it with aria-describedby through its id. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm font-medium text-destructive">
      {message}
    </p>
  );
}
