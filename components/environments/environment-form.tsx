"use client";

import { useActionState, useCallback, useState } from "react";
import { Plus } from "lucide-react";
import { createEnvironmentAction, updateEnvironmentAction } from "@/app/(app)/p/[key]/settings/environments/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useActionToast } from "@/components/app/use-action-toast";
import type { EnvironmentPolicyView, RoleHolders } from "@/lib/environments/list-environment-policies";
import { SignoffPolicyFields } from "./signoff-policy-fields";

type Environment = Pick<EnvironmentPolicyView, "key" | "name" | "requires" | "allowMultipleRolesPerSigner">;

/**
 * Adds an environment, or edits one when `environment` is given; editing also
 * sets its sign-off policy (separation of duties and quorums, with the
 * project's holders of each role). A new environment named production starts
 * with "the creator may not sign" on.
 */
export function EnvironmentForm({
  projectKey,
  environments,
  environment,
  roles = [],
}: {
  /** The project the environment belongs to (its settings page). */
  projectKey: string;
  environments: Environment[];
  environment?: EnvironmentPolicyView;
  roles?: RoleHolders[];
}) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(environment ? updateEnvironmentAction : createEnvironmentAction, idleState);
  useActionToast(state, useCallback(() => setOpen(false), []));
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  const values = state.status === "error" ? state.values : undefined;
  const prefix = environment ? `env-${environment.key}` : "env-new";
  const others = environments.filter((entry) => entry.key !== environment?.key);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {environment ? (
          <Button variant="outline" size="sm" aria-label={`Edit ${environment.name}`}>
            Edit
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden="true" className="size-4" />
            Add environment
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className={environment ? "max-h-[90dvh] overflow-y-auto sm:max-w-lg" : "sm:max-w-md"}>
        <DialogHeader>
          <DialogTitle>{environment ? `Edit ${environment.name}` : "Add environment"}</DialogTitle>
          <DialogDescription>Changes are recorded in the audit trail.</DialogDescription>
        </DialogHeader>
        <form action={formAction} className="grid gap-4" noValidate>
          <input type="hidden" name="project" value={projectKey} />
          {environment ? (
            <input type="hidden" name="key" value={environment.key} />
          ) : (
            <FormField id={`${prefix}-key`} label="Key" description="Used in URLs, the API and the CLI, e.g. uat." error={errors?.key?.[0]}>
              <Input name="key" required maxLength={40} defaultValue={typeof values?.key === "string" ? values.key : undefined} />
            </FormField>
          )}
          <FormField id={`${prefix}-name`} label="Name" error={errors?.name?.[0]}>
            <Input name="name" required maxLength={60} defaultValue={(typeof values?.name === "string" ? values.name : undefined) ?? environment?.name} />
          </FormField>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Requires the same version approved in</legend>
            {others.map((other) => (
              <div key={other.key} className="flex items-center gap-2">
                <Checkbox id={`${prefix}-requires-${other.key}`} name="requires[]" value={other.key} defaultChecked={environment?.requires.includes(other.key)} />
                <Label htmlFor={`${prefix}-requires-${other.key}`} className="font-normal">
                  {other.name}
                </Label>
              </div>
            ))}
            {errors?.requires?.[0] ? (
              <p role="alert" className="text-sm font-medium text-destructive">
                {errors?.requires?.[0]}
              </p>
            ) : null}
          </fieldset>
          <div className="flex items-start gap-2">
            <Checkbox id={`${prefix}-multi`} name="allowMultipleRolesPerSigner" value="true" defaultChecked={environment?.allowMultipleRolesPerSigner} />
            <Label htmlFor={`${prefix}-multi`} className="font-normal leading-snug">
              Let one person sign several roles on a release here
            </Label>
          </div>
          {environment ? (
            <SignoffPolicyFields prefix={prefix} environment={environment} roles={roles} errors={errors} values={values} />
          ) : (
            <p className="text-sm text-muted-foreground">
              Separation of duties and quorums are set with Edit once the environment exists. An environment named production starts with “the
              release’s creator may not sign it” on.
            </p>
          )}
          {state.status === "error" && (!errors || errors.form) ? <p role="alert" className="text-sm text-destructive">{state.message}</p> : null}
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {environment ? "Save" : "Add environment"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
