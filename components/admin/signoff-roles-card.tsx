"use client";

import { useActionState, useCallback, useRef } from "react";
import { createSignoffRoleAction } from "@/app/(app)/admin/users/actions";
import { idleState } from "@/lib/auth/action-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useActionToast } from "@/components/app/use-action-toast";

type Props = { roles: { key: string; name: string; holders: number }[]; manage: boolean };

export function SignoffRolesCard({ roles, manage }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(createSignoffRoleAction, idleState);
  useActionToast(state, useCallback(() => form.current?.reset(), []));
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const typed = state.status === "error" && typeof state.values?.name === "string" ? state.values.name : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Sign-off roles</CardTitle>
        <CardDescription>Roles a release can require a signature from. Each shows how many people hold it.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <ul className="flex flex-wrap gap-2" aria-label="Sign-off roles">
          {roles.map((role) => (
            <li key={role.key}>
              <Badge variant="outline">
                {role.name} · {role.holders}
              </Badge>
            </li>
          ))}
        </ul>
        {manage ? (
          <form ref={form} action={formAction} className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
            <FormField id="new-signoff-role" label="New sign-off role" error={errors?.name?.[0]} className="flex-1">
              <Input name="name" placeholder="e.g. Release Captain" maxLength={60} required defaultValue={typed} />
            </FormField>
            <Button type="submit" variant="secondary" disabled={pending} className="sm:mt-[1.625rem]">
              Add role
            </Button>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}
