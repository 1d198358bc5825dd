"use client";

import { useActionState, useCallback, useState } from "react";
import { revokeTokenAction } from "@/app/(app)/profile/actions";
import { idleState } from "@/lib/auth/action-state";
import { useActionToast } from "@/components/app/use-action-toast";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/**
 * Revoking cannot be undone and breaks whatever uses the token, so it asks
 * first. Rendered for revoked tokens too (as nothing), so it stays mounted
 * when the revocation re-renders the row and its confirmation toast shows.
 */
export function RevokeTokenDialog({ token }: { token: { id: string; name: string; revoked: boolean } }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(revokeTokenAction, idleState);
  useActionToast(state, useCallback(() => setOpen(false), []));
  if (token.revoked) return null;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={{ text: "Revoke", label: `Revoke ${token.name}` }}
      title={`Revoke ${token.name}?`}
      description="Anything using this token gets “401 Unauthorized” from now on. This cannot be undone; create a new token if you need one again."
      fields={{ tokenId: token.id }}
      submit="Revoke token"
      cancel="Keep token"
      action={formAction}
      pending={pending}
    />
  );
}
