import "server-only";
import { db, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { forgetTokenLookups } from "../tokens/token-cache";
import { roleHolderSchema, type RoleHolderInput } from "./project.schema";
import { findActiveUser, findSignoffRole, type FoundUser, type GrantSource, type LockedProject, MANUAL, lockProjectByKey, memberSnapshot, projectSubject, sourceData } from "./project-lookups";

/** A maintainer (or the CLI) ends a member's holding of a sign-off role in the project. Signatures already given stay. */
export async function removeRoleHolder(context: AuditContext, raw: RoleHolderInput): Promise<{ role: string }> {
  const input = roleHolderSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const user = await findActiveUser(tx, input.user);
    const role = await findSignoffRole(tx, input.role);
    if (!(await deleteRoleHolder(tx, context, project, user, role, MANUAL))) {
      const message = `${user.name} does not hold ${role.name} in ${project.name}.`;
      throw new AppError("NOT_FOUND", message, { role: [message] });
    }
    return { role: role.name };
  });
  forgetTokenLookups();
  return result;
}

/** Ends `user`'s holding of `role` in `project`, audited with why, inside the caller's transaction; false when they did not hold it. */
export async function deleteRoleHolder(tx: Tx, context: AuditContext, project: LockedProject, user: FoundUser, role: { id: string; name: string }, grant: GrantSource): Promise<boolean> {
  const removed = await tx.userSignoffRole.deleteMany({ where: { projectId: project.id, userId: user.id, roleId: role.id } });
  if (removed.count === 0) return false;
  await appendAuditEvent(tx, context, {
    type: "project.role_holder_removed",
    subject: projectSubject(project),
    data: { user: memberSnapshot(user), role: role.name, ...sourceData(grant) },
  });
  return true;
}
