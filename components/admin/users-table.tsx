import { Users } from "lucide-react";
import { APP_ROLE_LABELS } from "@/lib/auth/permissions";
import type { UserRow } from "@/lib/users/list-users";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EditRolesDialog } from "./edit-roles-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { ToggleUserButton } from "./toggle-user-button";

type Props = { users: UserRow[]; roles: { key: string; name: string }[]; projects: { key: string; name: string }[]; actorId: string; manage: boolean };

/** "Tech Lead · mgit": a role is held in a project. */
function RoleBadge({ role }: { role: UserRow["signoffRoles"][number] }) {
  return (
    <Badge variant="outline" title={`${role.name} in ${role.project.name}`}>
      {role.name}
      <span className="text-muted-foreground"> · {role.project.key}</span>
    </Badge>
  );
}

export function UsersTable({ users, roles, projects, actorId, manage }: Props) {
  if (users.length === 0) {
    return <EmptyState icon={Users} title="No users yet" description="Create the first user with the button above." />;
  }
  return (
    <Table aria-label="Users">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Role</TableHead>
          <TableHead className="hidden md:table-cell">Sign-off roles</TableHead>
          <TableHead className="hidden sm:table-cell">Status</TableHead>
          {manage ? <TableHead className="text-right">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((user) => (
          <TableRow key={user.id}>
            <TableCell>
              <div className="font-medium">{user.name}</div>
              <div className="break-all text-xs text-muted-foreground">{user.email}</div>
              <div className="mt-1 flex flex-wrap gap-1 md:hidden">
                {user.disabled ? <Badge variant="destructive" className="sm:hidden">Disabled</Badge> : null}
                {user.signoffRoles.map((role) => (
                  <RoleBadge key={`${role.project.key}:${role.key}`} role={role} />
                ))}
              </div>
            </TableCell>
            <TableCell>{APP_ROLE_LABELS[user.appRole]}</TableCell>
            <TableCell className="hidden md:table-cell">
              <div className="flex max-w-xs flex-wrap gap-1">
                {user.signoffRoles.length ? (
                  user.signoffRoles.map((role) => <RoleBadge key={`${role.project.key}:${role.key}`} role={role} />)
                ) : (
                  <span className="text-muted-foreground">None</span>
                )}
              </div>
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              {user.disabled ? <Badge variant="destructive">Disabled</Badge> : <Badge variant="success">Active</Badge>}
            </TableCell>
            {manage ? (
              <TableCell>
                <div className="flex flex-col items-end gap-2 sm:flex-row sm:justify-end">
                  <EditRolesDialog user={user} roles={roles} projects={projects} />
                  {user.id === actorId || user.disabled ? null : <ResetPasswordDialog user={user} />}
                  {user.id === actorId ? null : <ToggleUserButton user={user} />}
                </div>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
