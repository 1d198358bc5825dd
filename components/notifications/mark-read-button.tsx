"use client";

import { useActionState } from "react";
import { markReadAction } from "@/app/(app)/inbox/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { useActionToast } from "@/components/app/use-action-toast";

/** Marks one notification read (`id`), or all of them. */
export function MarkReadButton({ id, label }: { id?: string; label: string }) {
  const [state, formAction, pending] = useActionState(markReadAction, idleState);
  useActionToast(state);
  return (
    <form action={formAction}>
      {id ? <input type="hidden" name="id" value={id} /> : <input type="hidden" name="all" value="true" />}
      <Button type="submit" size="sm" variant={id ? "ghost" : "outline"} disabled={pending} aria-label={label}>
        {id ? "Mark read" : "Mark all read"}
      </Button>
    </form>
  );
}
