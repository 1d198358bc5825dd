"use client";

import { useActionState, useCallback, useState } from "react";
import { revokeTokenAction } from "@/app/(app)/profile/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useActionToast } from "@/components/app/use-action-toast";

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
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" className="text-destructive" aria-label={`Revoke ${token.name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Revoke {token.name}?</DialogTitle>
          <DialogDescription>
            Anything using this token gets “401 Unauthorized” from now on. This cannot be undone; create a new token if you need one again.
          </DialogDescription>
        </DialogHeader>
        <form action={formAction}>
          <input type="hidden" name="tokenId" value={token.id} />
          <DialogFormFooter submit="Revoke token" pending={pending} cancel="Keep token" destructive size="sm" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
