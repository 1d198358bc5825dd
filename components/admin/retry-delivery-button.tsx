"use client";

import { useActionState } from "react";
import { retryDeliveryAction } from "@/app/(app)/admin/deliveries/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { useActionToast } from "@/components/app/use-action-toast";

export function RetryDeliveryButton({ deliveryId, label }: { deliveryId: string; label: string }) {
  const [state, formAction, pending] = useActionState(retryDeliveryAction, idleState);
  useActionToast(state);
  return (
    <form action={formAction}>
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={label}>
        Retry
      </Button>
    </form>
  );
}
