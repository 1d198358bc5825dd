import "server-only";
import { db } from "../db/client";
import { can } from "../auth/permissions";
import { AppError } from "../errors/app-error";
import { resolveSignoffRoleIds } from "../roles/resolve-signoff-roles";
import { setUserRolesSchema, type SetUserRolesInput } from "./user.schema";

/**
 * Sets a user's application role and sign-off roles. Any change ends the
 * user's sessions (their permissions changed under them). An admin cannot
 * take away their own user-management permission, so an admin always remains.
 */
export async function setUserRoles(raw: SetUserRolesInput, actorId?: string): Promise<{ name: string; changed: boolean }> {
  const input = setUserRolesSchema.parse(raw);
  if (actorId === input.userId && !can({ appRole: input.appRole }, "user:manage")) {
    const message = "You cannot take away your own permission to manage users.";
    throw new AppError("BAD_REQUEST", message, { appRole: [message] });
  }
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { name: true, appRole: true, signoffRoles: { select: { roleId: true } } },
    });
    if (!user) throw new AppError("NOT_FOUND", "User not found.");
    const roleIds = await resolveSignoffRoleIds(tx, input["signoffRoles[]"]);
    const before = new Set(user.signoffRoles.map((entry) => entry.roleId));
    const changed =
      user.appRole !== input.appRole || before.size !== roleIds.length || roleIds.some((id) => !before.has(id));
    if (!changed) return { name: user.name, changed };
    await tx.userSignoffRole.deleteMany({ where: { userId: input.userId } });
    await tx.userSignoffRole.createMany({ data: roleIds.map((roleId) => ({ userId: input.userId, roleId })) });
    await tx.user.update({
      where: { id: input.userId },
      data: { appRole: input.appRole, sessionVersion: { increment: 1 } },
    });
    return { name: user.name, changed };
  });
}
