"use client";

import { useActionState, useCallback, useState } from "react";
import { UserPlus } from "lucide-react";
import { createUserAction } from "@/app/(app)/admin/users/actions";
import { idleState } from "@/lib/auth/action-state";
import { PASSWORD_MIN } from "@/lib/auth/password-limits";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";
import { AppRoleSelect } from "./app-role-select";
import { ProjectRoleFields } from "./project-role-fields";

type Props = { roles: { key: string; name: string }[]; projects: { key: string; name: string }[] };

export function CreateUserDialog({ roles, projects }: Props) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(createUserAction, idleState);
  useActionToast(state, useCallback(() => setOpen(false), []));
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  // Refill the form after an error (React resets forms once an action completes).
  const values = state.status === "error" ? state.values : undefined;
  const text = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  const selectedRoles = Array.isArray(values?.signoffRoles) ? values.signoffRoles : [];
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" className="size-4" />
          Create user
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Create user</DialogTitle>
          <DialogDescription>Give the person their email and this password; there is no self-registration.</DialogDescription>
        </DialogHeader>
        <form action={formAction} className="grid gap-4" noValidate>
          <FormField id="new-name" label="Name" error={errors?.name?.[0]} required>
            <Input name="name" autoComplete="off" required maxLength={120} defaultValue={text("name")} />
          </FormField>
          <FormField id="new-email" label="Email" error={errors?.email?.[0]} required>
            <Input name="email" type="email" autoComplete="off" required maxLength={254} defaultValue={text("email")} />
          </FormField>
          <FormField id="new-password" label="Initial password" error={errors?.password?.[0]} description={`At least ${PASSWORD_MIN} characters.`} required>
            <Input name="password" type="password" autoComplete="new-password" required />
          </FormField>
          <AppRoleSelect id="new-app-role" defaultValue={text("appRole")} error={errors?.appRole?.[0]} />
          <ProjectRoleFields
            key={`${text("project")}:${selectedRoles.join(",")}`}
            idPrefix="new-role"
            projects={projects}
            roles={roles}
            defaultProject={text("project")}
            held={text("project") ? { [text("project") as string]: selectedRoles } : {}}
            errors={{ project: errors?.project?.[0], signoffRoles: errors?.signoffRoles?.[0] }}
          />
          {state.status === "error" && errors?.form ? <p role="alert" className="text-sm text-destructive">{errors.form[0]}</p> : null}
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner label={null} /> : null}
              Create user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
