import "server-only";
import { DEFAULT_PROJECT_ID, DEFAULT_PROJECT_KEY } from "../projects/default-project";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { can } from "../auth/permissions";
import { AppError } from "../errors/app-error";
import { resolveSignoffRoleIds } from "../roles/resolve-signoff-roles";
import { lockProjectByKey } from "../projects/project-lookups";
import { joinForSignoffRoles } from "./join-for-signoff-roles";
import { setUserRolesSchema, type SetUserRolesInput } from "./user.schema";
import { userSnapshot } from "./user-snapshot";
import { forgetTokenLookups } from "../tokens/token-cache";

/**
 * Sets a user's application role and the sign-off roles they hold in one
 * project (the default project when none is named). Any change ends the
 * user's sessions (their permissions changed under them). An admin cannot
 * take away their own user-management permission, so an admin always remains.
 */
export async function setUserRoles(context: AuditContext, raw: SetUserRolesInput): Promise<{ name: string; changed: boolean }> {
  const input = setUserRolesSchema.parse(raw);
  if (context.actor.id === input.userId && !can({ appRole: input.appRole }, "user:manage")) {
    const message = "You cannot take away your own permission to manage users.";
    throw new AppError("BAD_REQUEST", message, { appRole: [message] });
  }
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${input.userId}::uuid FOR UPDATE`;
    const project = await lockProjectByKey(tx, input.project ?? DEFAULT_PROJECT_KEY);
    const before = await userSnapshot(tx, input.userId, project.id);
    const roleIds = await resolveSignoffRoleIds(tx, input.signoffRoles);
    const current = new Set(before.signoffRoleIds);
    const changed = before.appRole !== input.appRole || current.size !== roleIds.length || roleIds.some((id) => !current.has(id));
    if (!changed) return { name: before.name, changed };
    await tx.userSignoffRole.deleteMany({ where: { userId: input.userId, projectId: project.id } });
    await joinForSignoffRoles(tx, { projectId: project.id, userId: input.userId, appRole: input.appRole, holdsRoles: roleIds.length > 0, memberJoins: project.id === DEFAULT_PROJECT_ID });
    await tx.userSignoffRole.createMany({ data: roleIds.map((roleId) => ({ projectId: project.id, userId: input.userId, roleId })) });
    await tx.user.update({ where: { id: input.userId }, data: { appRole: input.appRole, sessionVersion: { increment: 1 } } });
    const after = await userSnapshot(tx, input.userId, project.id);
    await appendAuditEvent(tx, context, {
      type: "user.roles_changed",
      subject: before.subject,
      data: {
        project: { key: project.key, name: project.name },
        before: { appRole: before.appRole, signoffRoles: before.signoffRoles },
        after: { appRole: after.appRole, signoffRoles: after.signoffRoles },
      },
    });
    return { name: before.name, changed };
  });
  // API token lookups cached by this instance, at once; the other instances hear it from the database (token-cache.ts).
  if (result.changed) forgetTokenLookups();
  return result;
}
