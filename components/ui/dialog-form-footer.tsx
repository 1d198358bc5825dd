"use client";

import { Button } from "./button";
import { DialogClose, DialogFooter } from "./dialog";
import { Spinner } from "./spinner";

export type DialogFormFooterProps = {
  /** The submit button's words, e.g. "Create token". */
  submit: string;
  /** The action is running: the submit button is disabled and shows a spinner. */
  pending: boolean;
  /** The button that closes the dialog without doing anything, e.g. "Keep token" (default "Cancel"). */
  cancel?: string;
  /** The submit destroys something (revoke, remove): it is drawn as such. */
  destructive?: boolean;
  size?: "sm";
};

/** The buttons of a form in a dialog: the way out, which closes the dialog, and the submit, with a spinner while the action runs. */
export function DialogFormFooter({ submit, pending, cancel = "Cancel", destructive = false, size }: DialogFormFooterProps) {
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button type="button" variant="ghost" size={size}>
          {cancel}
        </Button>
      </DialogClose>
      <Button type="submit" size={size} variant={destructive ? "destructive" : undefined} disabled={pending}>
        {pending ? <Spinner label={null} /> : null}
        {submit}
      </Button>
    </DialogFooter>
  );
}
