"use client";

import { useActionState, useCallback, useState } from "react";
import { setUserDisabledAction } from "@/app/(app)/admin/users/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { useActionToast } from "@/components/app/use-action-toast";

type Props = { user: { id: string; name: string; disabled: boolean } };

/** Enabling is immediate; disabling ends the user's sessions, so it asks first. */
export function ToggleUserButton({ user }: Props) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(setUserDisabledAction, idleState);
  useActionToast(state, useCallback(() => setOpen(false), []));
  // One form for both directions: it flips the user's current state.
  const form = (label: string, variant: "secondary" | "destructive", ariaLabel?: string) => (
    <form action={formAction}>
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
      <Button type="submit" size="sm" variant={variant} disabled={pending} aria-label={ariaLabel}>
        {label}
      </Button>
    </form>
  );
  if (user.disabled) return form("Enable", "secondary", `Enable ${user.name}`);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" className="text-destructive" aria-label={`Disable ${user.name}`}>
          Disable
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Disable {user.name}?</DialogTitle>
          <DialogDescription>
            They are signed out everywhere at once and cannot sign in until an admin enables them again. Their past actions stay in the audit trail.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="ghost" size="sm">
              Keep enabled
            </Button>
          </DialogClose>
          {form("Disable user", "destructive")}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
