"use client";

import { type ReactNode, useActionState } from "react";
import { TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import type { FieldErrors } from "@/lib/errors/app-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { submitKeepingValues } from "@/components/releases/keep-values";

type Props = {
  title: string;
  description: ReactNode;
  submitLabel: string;
  submitVariant?: "default" | "destructive";
  /** The button that closes without doing anything ("Cancel" unless that would be ambiguous). */
  closeLabel?: string;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  hidden: Record<string, string>;
  /** The form's fields, given the field errors of the last attempt. */
  fields?: (errors: FieldErrors | undefined) => ReactNode;
  /** Field names the dialog shows itself; errors about any other field are shown as a refusal. */
  fieldNames?: string[];
  onDone: () => void;
  onClose: () => void;
};

/**
 * A confirmation dialog around one server action: field errors beside their
 * fields, a refusal (the release moved on meanwhile, say) inline, and a toast
 * plus `onDone` when it worked.
 */
export function ActionDialog({ title, description, submitLabel, submitVariant = "default", closeLabel = "Cancel", action, hidden, fields, fieldNames = [], onDone, onClose }: Props) {
  const [result, formAction, pending] = useActionState(async (previous: ActionState, formData: FormData): Promise<ActionState> => {
    const next = await action(previous, formData);
    if (next.status === "success") {
      toast.success(next.message);
      onDone();
      onClose();
    }
    return next;
  }, idleState);
  const errors = result.status === "error" ? result.fieldErrors : undefined;
  const other = errors ? Object.entries(errors).find(([field]) => !fieldNames.includes(field))?.[1]?.[0] : undefined;
  const refusal = result.status === "error" && !pending ? (errors ? other : result.message) : undefined;

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form action={formAction} onSubmit={submitKeepingValues(formAction)} className="grid gap-4" noValidate>
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {fields?.(errors)}
          {refusal ? (
            <Alert variant="destructive">
              <TriangleAlert aria-hidden="true" />
              <AlertTitle>Not done</AlertTitle>
              <AlertDescription>{refusal}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="ghost">
                {closeLabel}
              </Button>
            </DialogClose>
            <Button type="submit" variant={submitVariant} disabled={pending}>
              {pending ? <Spinner label={null} size="sm" /> : null}
              {submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
