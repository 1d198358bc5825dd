"use client";

import { useActionState, useCallback, useState } from "react";
import { removePasskeyAction } from "@/app/(app)/profile/actions";
import { idleState } from "@/lib/auth/action-state";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useActionToast } from "@/components/app/use-action-toast";

/** Removing a passkey asks first; signatures already made with it stay valid (each keeps a copy of its key). */
export function RemovePasskeyDialog({ passkey }: { passkey: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(removePasskeyAction, idleState);
  useActionToast(state, useCallback(() => setOpen(false), []));
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={{ text: "Remove", label: `Remove ${passkey.name}` }}
      title={`Remove ${passkey.name}?`}
      description="You can no longer sign with it. Signatures you already made with it stay valid and verifiable. Remove it from the device too if you no longer use it."
      fields={{ passkeyId: passkey.id }}
      submit="Remove passkey"
      cancel="Keep passkey"
      action={formAction}
      pending={pending}
    />
  );
}
