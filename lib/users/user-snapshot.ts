import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import { DEFAULT_PROJECT_ID } from "../projects/default-project";

/**
 * A user as the audit trail records it (before/after values), with the
 * sign-off roles they hold in one project (roles are held per project).
 */
export async function userSnapshot(tx: Tx, userId: string, projectId: string = DEFAULT_PROJECT_ID) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      appRole: true,
      disabledAt: true,
      signoffRoles: { where: { projectId }, select: { role: { select: { id: true, name: true } } }, orderBy: { role: { name: "asc" } } },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  return {
    id: user.id,
    subject: { kind: "user", id: user.id, label: `${user.name} <${user.email}>` },
    email: user.email,
    name: user.name,
    appRole: user.appRole as string,
    signoffRoles: user.signoffRoles.map((entry) => entry.role.name),
    signoffRoleIds: user.signoffRoles.map((entry) => entry.role.id),
    disabled: user.disabledAt !== null,
  };
}
