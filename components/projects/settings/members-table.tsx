"use client";

import { useActionState, useState } from "react";
import { Users } from "lucide-react";
import { removeProjectMemberAction, setProjectMemberRoleAction } from "@/app/(app)/p/[key]/settings/actions";
import { idleState } from "@/lib/auth/action-state";
import { APP_ROLE_LABELS, type AppRole, can, type ProjectRole } from "@/lib/auth/permissions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useActionToast } from "@/components/app/use-action-toast";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export type MemberRow = { userId: string; name: string; email: string; appRole: AppRole; disabled: boolean; role: ProjectRole; signoffRoles: { key: string; name: string }[] };

/** The project's members: their project role (changeable), the sign-off roles they hold here, and removal. */
export function MembersTable({ projectKey, members, selfId }: { projectKey: string; members: MemberRow[]; selfId: string }) {
  // Removal is answered here, not in the row: the row is gone once it succeeds.
  const [removal, remove, removing] = useActionState(removeProjectMemberAction, idleState);
  useActionToast(removal);
  if (members.length === 0) {
    return <EmptyState icon={Users} titleAs="h3" title="No members yet" description="Add the people who work on this project above." />;
  }
  return (
    <Table aria-label="Members">
      <TableHeader>
        <TableRow>
          <TableHead>Member</TableHead>
          <TableHead className="w-44">Project role</TableHead>
          <TableHead className="hidden md:table-cell">Sign-off roles here</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => (
          <TableRow key={member.userId}>
            <TableCell>
              <div className="font-medium">
                {member.name}
                {member.userId === selfId ? <span className="font-normal text-muted-foreground"> (you)</span> : null}
              </div>
              <div className="break-all text-xs text-muted-foreground">{member.email}</div>
              <div className="mt-1 flex flex-wrap gap-1">
                {can({ appRole: member.appRole }, "project:create") ? <Badge variant="secondary">{APP_ROLE_LABELS[member.appRole]}</Badge> : null}
                {member.disabled ? <Badge variant="destructive">Disabled</Badge> : null}
                {member.signoffRoles.map((role) => (
                  <Badge key={role.key} variant="outline" className="md:hidden">
                    {role.name}
                  </Badge>
                ))}
              </div>
            </TableCell>
            <TableCell>
              <MemberRoleForm projectKey={projectKey} member={member} />
            </TableCell>
            <TableCell className="hidden md:table-cell">
              {member.signoffRoles.length ? (
                <div className="flex max-w-xs flex-wrap gap-1">
                  {member.signoffRoles.map((role) => (
                    <Badge key={role.key} variant="outline">
                      {role.name}
                    </Badge>
                  ))}
                </div>
              ) : (
                <span className="text-muted-foreground">None</span>
              )}
            </TableCell>
            <TableCell className="text-right">
              <RemoveMemberButton projectKey={projectKey} member={member} action={remove} pending={removing} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function MemberRoleForm({ projectKey, member }: { projectKey: string; member: MemberRow }) {
  const [state, formAction, pending] = useActionState(setProjectMemberRoleAction, idleState);
  useActionToast(state);
  // The role chosen since the last answer: React resets the form once its action completes, so a choice belongs to the state it was made in.
  const [choice, setChoice] = useState<{ role: string; since: typeof state } | null>(null);
  const changed = choice !== null && choice.since === state && choice.role !== member.role;
  const error = state.status === "error" ? (state.fieldErrors?.role?.[0] ?? state.fieldErrors?.user?.[0]) : undefined;
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="project" value={projectKey} />
      <input type="hidden" name="user" value={member.email} />
      {/* Keyed by the saved role, so it shows the new one once saved. */}
      <NativeSelect
        key={member.role}
        name="role"
        aria-label={`Project role of ${member.name}`}
        defaultValue={member.role}
        onChange={(event) => setChoice({ role: event.target.value, since: state })}
        className="min-w-32"
      >
        <option value="contributor">Contributor</option>
        <option value="maintainer">Maintainer</option>
      </NativeSelect>
      {changed ? (
        <Button type="submit" size="sm" variant="secondary" disabled={pending}>
          Save
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function RemoveMemberButton({ projectKey, member, action, pending }: { projectKey: string; member: MemberRow; action: (formData: FormData) => void; pending: boolean }) {
  return (
    <ConfirmDialog
      trigger={{ text: "Remove", label: `Remove ${member.name}` }}
      title={`Remove ${member.name}?`}
      description={`${
        member.signoffRoles.length
          ? `They stop working on this project and no longer hold ${member.signoffRoles.map((role) => role.name).join(", ")} here. `
          : "They stop working on this project. "
      }Signatures they already gave stay valid; everything they did stays in the audit trail.`}
      fields={{ project: projectKey, user: member.email }}
      submit="Remove member"
      cancel="Keep"
      action={action}
      pending={pending}
    />
  );
}
