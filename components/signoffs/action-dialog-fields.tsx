"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

/** Fields the sign-off action dialogs share; apart from the dialog so pages can load the dialog lazily. */

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
