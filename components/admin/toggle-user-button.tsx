"use client";

import { useActionState } from "react";
import { setUserDisabledAction } from "@/app/(app)/admin/users/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { useActionToast } from "@/components/app/use-action-toast";

export function ToggleUserButton({ user }: { user: { id: string; name: string; disabled: boolean } }) {
  const [state, formAction, pending] = useActionState(setUserDisabledAction, idleState);
  useActionToast(state);
  const label = user.disabled ? "Enable" : "Disable";
  return (
    <form action={formAction}>
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
      <Button type="submit" size="sm" variant={user.disabled ? "secondary" : "destructive"} disabled={pending} aria-label={`${label} ${user.name}`}>
        {label}
      </Button>
    </form>
  );
}
