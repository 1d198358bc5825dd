"use client";

import { type ReactNode, useState } from "react";
import { Button } from "./button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "./dialog";
import { DialogFormFooter } from "./dialog-form-footer";

export type ConfirmDialogProps = {
  /** The row's button ("Remove", "Revoke") and its accessible name, which says what it acts on ("Revoke CI token"). */
  trigger: { text: string; label: string };
  title: string;
  /** What happens, and what does not. */
  description: ReactNode;
  /** Sent with the action as hidden form fields (the ids the action needs). */
  fields: Record<string, string>;
  submit: string;
  cancel: string;
  action: (formData: FormData) => void;
  pending: boolean;
  /** Controlled by the caller, e.g. to close once the action's toast has shown; otherwise the dialog keeps its own state. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
};

/** Asks before a change that cannot be undone (revoke, remove): a destructive row button, then a short dialog whose submit runs `action`. */
export function ConfirmDialog({ trigger, title, description, fields, submit, cancel, action, pending, open, onOpenChange }: ConfirmDialogProps) {
  const [ownOpen, setOwnOpen] = useState(false);
  return (
    <Dialog open={open ?? ownOpen} onOpenChange={onOpenChange ?? setOwnOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" className="text-destructive" aria-label={trigger.label}>
          {trigger.text}
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form action={action}>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <DialogFormFooter submit={submit} pending={pending} cancel={cancel} destructive size="sm" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
