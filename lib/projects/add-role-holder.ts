import "server-only";
import { db, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { forgetTokenLookups } from "../tokens/token-cache";
import { roleHolderSchema, type RoleHolderInput } from "./project.schema";
import { findActiveUser, findSignoffRole, type FoundUser, type GrantSource, type LockedProject, MANUAL, lockProjectByKey, memberSnapshot, projectSubject, requireMembership, sourceData } from "./project-lookups";

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
    await insertRoleHolder(tx, context, project, user, role, MANUAL);
    return { role: role.name };
  });
  forgetTokenLookups();
  return result;
}

/** Makes a member of `project` hold `role` there, audited with the grant's source, inside the caller's transaction (checks are the caller's). */
export async function insertRoleHolder(tx: Tx, context: AuditContext, project: LockedProject, user: FoundUser, role: { id: string; name: string }, grant: GrantSource): Promise<void> {
  await tx.userSignoffRole.create({ data: { projectId: project.id, userId: user.id, roleId: role.id, source: grant.source } });
  await appendAuditEvent(tx, context, {
    type: "project.role_holder_added",
    subject: projectSubject(project),
    data: { user: memberSnapshot(user), role: role.name, ...sourceData(grant) },
  });
}
