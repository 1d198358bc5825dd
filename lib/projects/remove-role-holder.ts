import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { forgetTokenLookups } from "../tokens/token-cache";
import { roleHolderSchema, type RoleHolderInput } from "./project.schema";
import { findActiveUser, findSignoffRole, lockProjectByKey, memberSnapshot, projectSubject } from "./project-lookups";

/** A maintainer (or the CLI) ends a member's holding of a sign-off role in the project. Signatures already given stay. */
export async function removeRoleHolder(context: AuditContext, raw: RoleHolderInput): Promise<{ role: string }> {
  const input = roleHolderSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const user = await findActiveUser(tx, input.user);
    const role = await findSignoffRole(tx, input.role);
    const removed = await tx.userSignoffRole.deleteMany({ where: { projectId: project.id, userId: user.id, roleId: role.id } });
    if (removed.count === 0) {
      const message = `${user.name} does not hold ${role.name} in ${project.name}.`;
      throw new AppError("NOT_FOUND", message, { role: [message] });
    }
    await appendAuditEvent(tx, context, {
      type: "project.role_holder_removed",
      subject: projectSubject(project),
      data: { user: memberSnapshot(user), role: role.name },
    });
    return { role: role.name };
  });
  forgetTokenLookups();
  return result;
}
