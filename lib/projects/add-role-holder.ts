import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { forgetTokenLookups } from "../tokens/token-cache";
import { roleHolderSchema, type RoleHolderInput } from "./project.schema";
import { findActiveUser, findSignoffRole, lockProjectByKey, memberSnapshot, projectSubject, requireMembership } from "./project-lookups";

/**
 * A maintainer (or the CLI) makes a member of the project hold an
 * organisation-wide sign-off role there (Jane is Tech Lead of mgit, not of
 * billing). Only members hold roles: anyone else is refused naming `user`.
 */
export async function addRoleHolder(context: AuditContext, raw: RoleHolderInput): Promise<{ role: string }> {
  const input = roleHolderSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const user = await findActiveUser(tx, input.user);
    const role = await findSignoffRole(tx, input.role);
    await requireMembership(tx, project, user);
    const existing = await tx.userSignoffRole.findUnique({ where: { projectId_userId_roleId: { projectId: project.id, userId: user.id, roleId: role.id } } });
    if (existing) {
      const message = `${user.name} already holds ${role.name} in ${project.name}.`;
      throw new AppError("CONFLICT", message, { role: [message] });
    }
    await tx.userSignoffRole.create({ data: { projectId: project.id, userId: user.id, roleId: role.id } });
    await appendAuditEvent(tx, context, {
      type: "project.role_holder_added",
      subject: projectSubject(project),
      data: { user: memberSnapshot(user), role: role.name },
    });
    return { role: role.name };
  });
  forgetTokenLookups();
  return result;
}
