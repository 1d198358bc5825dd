"use client";

import { useActionState, useCallback, useState } from "react";
import { removePasskeyAction } from "@/app/(app)/profile/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useActionToast } from "@/components/app/use-action-toast";

/** Removing a passkey asks first; signatures already made with it stay valid (each keeps a copy of its key). */
export function RemovePasskeyDialog({ passkey }: { passkey: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(removePasskeyAction, idleState);
  useActionToast(state, useCallback(() => setOpen(false), []));
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" className="text-destructive" aria-label={`Remove ${passkey.name}`}>
          Remove
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Remove {passkey.name}?</DialogTitle>
          <DialogDescription>
            You can no longer sign with it. Signatures you already made with it stay valid and verifiable. Remove it from the device too if you no longer use
            it.
          </DialogDescription>
        </DialogHeader>
        <form action={formAction}>
          <input type="hidden" name="passkeyId" value={passkey.id} />
          <DialogFormFooter submit="Remove passkey" pending={pending} cancel="Keep passkey" destructive size="sm" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
