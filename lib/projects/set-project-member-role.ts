import "server-only";
import { db, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { forgetTokenLookups } from "../tokens/token-cache";
import { setProjectMemberRoleSchema, type SetProjectMemberRoleInput } from "./project.schema";
import { findActiveUser, type FoundUser, type GrantSource, type LockedProject, MANUAL, lockProjectByKey, memberSnapshot, projectSubject, requireMembership, sourceData } from "./project-lookups";
import type { ProjectRole } from "../auth/permissions";

/** A maintainer (or the CLI) makes a member maintainer or contributor; an unchanged role writes nothing. */
export async function setProjectMemberRole(context: AuditContext, raw: SetProjectMemberRoleInput): Promise<{ changed: boolean }> {
  const input = setProjectMemberRoleSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const user = await findActiveUser(tx, input.user);
    const before = await requireMembership(tx, project, user);
    if (before.role === input.role) return { changed: false };
    await updateProjectMemberRole(tx, context, project, user, before.role, input.role, MANUAL);
    return { changed: true };
  });
  if (result.changed) forgetTokenLookups();
  return result;
}

/** Changes a member's project role, audited with the grant's source, inside the caller's transaction. */
export async function updateProjectMemberRole(tx: Tx, context: AuditContext, project: LockedProject, user: FoundUser, before: ProjectRole, after: ProjectRole, grant: GrantSource): Promise<void> {
  await tx.projectMember.update({ where: { projectId_userId: { projectId: project.id, userId: user.id } }, data: { role: after, source: grant.source } });
  await appendAuditEvent(tx, context, {
    type: "project.member_role_changed",
    subject: projectSubject(project),
    data: { user: memberSnapshot(user), before: { role: before }, after: { role: after }, ...sourceData(grant) },
  });
}
