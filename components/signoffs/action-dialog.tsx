"use client";

import { type ReactNode, useActionState, useState } from "react";
import { TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import type { FieldErrors } from "@/lib/errors/app-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
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

/** A required reason, recorded in the audit trail. */
export function ReasonField({ id, description, error, placeholder }: { id: string; description: string; error?: string; placeholder?: string }) {
  const [reason, setReason] = useState("");
  return (
    <FormField id={id} label="Reason" description={description} error={error} required>
      <Textarea name="reason" value={reason} onChange={(event) => setReason(event.target.value)} rows={3} maxLength={1000} placeholder={placeholder} required />
    </FormField>
  );
}

/** Which rollback trigger fired: free text, with the template's triggers offered as one-click suggestions. */
export function TriggerField({ suggestions, error }: { suggestions: string[]; error?: string }) {
  const [trigger, setTrigger] = useState("");
  return (
    <div className="grid gap-2">
      <FormField id="rollback-trigger" label="Trigger that fired" description="Pick one of the template's rollback triggers or describe another." error={error} required>
        <Input name="trigger" value={trigger} onChange={(event) => setTrigger(event.target.value)} maxLength={200} list="rollback-trigger-suggestions" autoComplete="off" required />
      </FormField>
      {suggestions.length ? (
        <>
          <datalist id="rollback-trigger-suggestions">
            {suggestions.map((suggestion) => (
              <option key={suggestion} value={suggestion} />
            ))}
          </datalist>
          <div role="group" aria-label="Rollback triggers of the template" className="flex flex-wrap gap-1.5">
            {suggestions.map((suggestion) => (
              <Button
                key={suggestion}
                type="button"
                size="sm"
                variant={trigger === suggestion ? "default" : "outline"}
                aria-pressed={trigger === suggestion}
                className="h-auto min-h-7 whitespace-normal rounded-full px-2.5 py-1 text-left text-xs"
                onClick={() => setTrigger(suggestion)}
              >
                {suggestion}
              </Button>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
