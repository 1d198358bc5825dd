"use client";

import { useActionState, useCallback, useState } from "react";
import { setUserRolesAction } from "@/app/(app)/admin/users/actions";
import { idleState } from "@/lib/auth/action-state";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useActionToast } from "@/components/app/use-action-toast";
import { AppRoleSelect } from "./app-role-select";
import { ProjectRoleFields } from "./project-role-fields";

type Props = {
  user: { id: string; name: string; appRole: string; signoffRoles: { key: string; project: { key: string } }[] };
  roles: { key: string; name: string }[];
  projects: { key: string; name: string }[];
};

function heldByProject(roles: { key: string; project: { key: string } }[]): Record<string, string[]> {
  const held: Record<string, string[]> = {};
  for (const role of roles) (held[role.project.key] ??= []).push(role.key);
  return held;
}

export function EditRolesDialog({ user, roles, projects }: Props) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(setUserRolesAction, idleState);
  useActionToast(state, useCallback(() => setOpen(false), []));
  const errors = state.status === "error" ? state.fieldErrors : undefined;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Edit roles of ${user.name}`}>
          Edit roles
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Roles of {user.name}</DialogTitle>
          <DialogDescription>Saving a change ends the user&apos;s current sessions.</DialogDescription>
        </DialogHeader>
        <form action={formAction} className="grid gap-4">
          <input type="hidden" name="userId" value={user.id} />
          <AppRoleSelect id={`app-role-${user.id}`} defaultValue={user.appRole} error={errors?.appRole?.[0]} />
          <ProjectRoleFields
            idPrefix={`role-${user.id}`}
            projects={projects}
            roles={roles}
            held={heldByProject(user.signoffRoles)}
            defaultProject={user.signoffRoles[0]?.project.key}
            errors={{ project: errors?.project?.[0], signoffRoles: errors?.signoffRoles?.[0] }}
          />
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner label={null} /> : null}
              Save roles
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
