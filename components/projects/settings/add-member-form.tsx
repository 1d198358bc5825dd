"use client";

import { useActionState } from "react";
import { UserPlus } from "lucide-react";
import { addProjectMemberAction } from "@/app/(app)/p/[key]/settings/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";

/** Adds a user (by email) as maintainer or contributor; a refusal is shown at the field it concerns. */
export function AddMemberForm({ projectKey }: { projectKey: string }) {
  const [state, formAction, pending] = useActionState(addProjectMemberAction, idleState);
  useActionToast(state);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const values = state.status === "error" ? state.values : undefined;
  const text = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start" noValidate>
      <input type="hidden" name="project" value={projectKey} />
      <FormField id="member-email" label="Email" error={errors?.user?.[0]} required>
        <Input name="user" type="email" autoComplete="off" required maxLength={254} placeholder="jane@example.com" defaultValue={text("user")} />
      </FormField>
      <FormField id="member-role" label="Project role" error={errors?.role?.[0]}>
        <NativeSelect name="role" defaultValue={text("role") ?? "contributor"}>
          <option value="contributor">Contributor</option>
          <option value="maintainer">Maintainer</option>
        </NativeSelect>
      </FormField>
      <Button type="submit" disabled={pending} className="sm:mt-[1.375rem]">
        {pending ? <Spinner label={null} size="sm" /> : <UserPlus aria-hidden="true" />}
        Add member
      </Button>
      {state.status === "error" && !errors ? (
        <p role="alert" className="text-sm text-destructive sm:col-span-3">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
