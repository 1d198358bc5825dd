"use client";

import { useEffect, useRef } from "react";
import { toast } from "sonner";
import type { ActionState } from "@/lib/auth/action-state";

/** Confirms an action's result with a toast, once per result. */
export function useActionToast(state: ActionState, onSuccess?: () => void): void {
  const last = useRef<ActionState>(state);
  useEffect(() => {
    if (state === last.current) return;
    last.current = state;
    if (state.status === "success") {
      toast.success(state.message);
      onSuccess?.();
    } else if (state.status === "error" && !state.fieldErrors) {
      toast.error(state.message);
    }
  }, [state, onSuccess]);
}
