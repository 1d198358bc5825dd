import { Users } from "lucide-react";
import { APP_ROLE_LABELS } from "@/lib/auth/permissions";
import type { UserRow } from "@/lib/users/list-users";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EditRolesDialog } from "./edit-roles-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { ToggleUserButton } from "./toggle-user-button";

type Props = { users: UserRow[]; roles: { key: string; name: string }[]; actorId: string; manage: boolean };

export function UsersTable({ users, roles, actorId, manage }: Props) {
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
                  <Badge key={role.key} variant="outline">
                    {role.name}
                  </Badge>
                ))}
              </div>
            </TableCell>
            <TableCell>{APP_ROLE_LABELS[user.appRole]}</TableCell>
            <TableCell className="hidden md:table-cell">
              <div className="flex max-w-xs flex-wrap gap-1">
                {user.signoffRoles.length ? (
                  user.signoffRoles.map((role) => (
                    <Badge key={role.key} variant="outline">
                      {role.name}
                    </Badge>
                  ))
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
                  <EditRolesDialog user={user} roles={roles} />
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
