"use client";

import { useActionState } from "react";
import { Plus, X } from "lucide-react";
import { addRoleHolderAction, removeRoleHolderAction } from "@/app/(app)/p/[key]/settings/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";

type Person = { email: string; name: string };
export type RoleHolders = { key: string; name: string; holders: Person[]; required: boolean };

/**
 * One card per sign-off role: who holds it in this project, with removal,
 * and a way to add a holder from the project's members (only members may
 * hold a role; anything else is refused at the field).
 */
export function RoleHoldersCard({ projectKey, role, members }: { projectKey: string; role: RoleHolders; members: Person[] }) {
  // Removal is answered here, not by the holder's chip: the chip is gone once it succeeds.
  const [removal, remove, removing] = useActionState(removeRoleHolderAction, idleState);
  useActionToast(removal);
  const candidates = members.filter((member) => !role.holders.some((holder) => holder.email === member.email));
  const headingId = `role-${role.key}`;
  return (
    <Card role="region" aria-labelledby={headingId}>
      <CardHeader className="p-4 pb-2 sm:p-6 sm:pb-3">
        <CardTitle id={headingId} className="text-base">
          {role.name}
        </CardTitle>
        <CardDescription>
          {role.holders.length === 0
            ? role.required
              ? "Nobody holds it here, and a template of this project needs it: releases cannot be approved until someone does."
              : "Nobody holds it here."
            : `${role.holders.length} ${role.holders.length === 1 ? "holder" : "holders"} here.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 px-4 pb-4 sm:px-6 sm:pb-6">
        {role.holders.length ? (
          <ul aria-label={`Holders of ${role.name}`} className="flex flex-wrap gap-2">
            {role.holders.map((holder) => (
              <li key={holder.email}>
                <RemoveHolder projectKey={projectKey} role={role.name} holder={holder} action={remove} pending={removing} />
              </li>
            ))}
          </ul>
        ) : null}
        <AddHolder projectKey={projectKey} role={role} candidates={candidates} />
      </CardContent>
    </Card>
  );
}

function RemoveHolder({ projectKey, role, holder, action, pending }: { projectKey: string; role: string; holder: Person; action: (formData: FormData) => void; pending: boolean }) {
  return (
    <form action={action} className="inline-flex items-center gap-1 rounded-full border border-border bg-card py-0.5 pl-3 pr-0.5 text-sm">
      <input type="hidden" name="project" value={projectKey} />
      <input type="hidden" name="user" value={holder.email} />
      <input type="hidden" name="role" value={role} />
      <span>{holder.name}</span>
      <Button type="submit" size="icon" variant="ghost" className="touch-target size-8 rounded-full" disabled={pending} aria-label={`Remove ${holder.name} as ${role}`}>
        <X aria-hidden="true" />
      </Button>
    </form>
  );
}

function AddHolder({ projectKey, role, candidates }: { projectKey: string; role: RoleHolders; candidates: Person[] }) {
  const [state, formAction, pending] = useActionState(addRoleHolderAction, idleState);
  useActionToast(state);
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const id = `add-holder-${role.key}`;
  if (candidates.length === 0) return <p className="text-sm text-muted-foreground">Every member holds it already, or there are no members yet.</p>;
  return (
    <form action={formAction} className="flex flex-col gap-2 sm:flex-row sm:items-start" noValidate>
      <input type="hidden" name="project" value={projectKey} />
      <input type="hidden" name="role" value={role.name} />
      <FormField id={id} label={<span className="sr-only">Member to hold {role.name}</span>} error={errors?.user?.[0] ?? errors?.role?.[0]} className="min-w-0 flex-1 gap-0">
        <NativeSelect name="user" defaultValue="">
          <option value="" disabled>
            Choose a member…
          </option>
          {candidates.map((member) => (
            <option key={member.email} value={member.email}>
              {member.name} ({member.email})
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Add a holder of ${role.name}`}>
        {pending ? <Spinner label={null} size="sm" /> : <Plus aria-hidden="true" />}
        Add
      </Button>
    </form>
  );
}
