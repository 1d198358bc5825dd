import "server-only";
import { db, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { forgetTokenLookups } from "../tokens/token-cache";
import { removeProjectMemberSchema, type RemoveProjectMemberInput } from "./project.schema";
import { findActiveUser, type FoundUser, type GrantSource, type LockedProject, MANUAL, lockProjectByKey, memberSnapshot, projectSubject, requireMembership, sourceData } from "./project-lookups";
import type { ProjectRole } from "../auth/permissions";

/**
 * A maintainer (or the CLI) removes a member from a project. The sign-off
 * roles they held there end with the membership (the database drops them:
 * user_signoff_roles references project_members ON DELETE CASCADE); the event
 * lists them. Their signatures already given stay, as signatures do.
 */
export async function removeProjectMember(context: AuditContext, raw: RemoveProjectMemberInput): Promise<{ signoffRolesEnded: string[] }> {
  const input = removeProjectMemberSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const user = await findActiveUser(tx, input.user);
    const before = await requireMembership(tx, project, user);
    return { signoffRolesEnded: await deleteProjectMember(tx, context, project, user, before.role, MANUAL) };
  });
  forgetTokenLookups();
  return result;
}

/** Ends `user`'s membership of `project` (and the sign-off roles held there), audited with why, inside the caller's transaction. Returns the roles ended. */
export async function deleteProjectMember(tx: Tx, context: AuditContext, project: LockedProject, user: FoundUser, role: ProjectRole, grant: GrantSource): Promise<string[]> {
  const held = await tx.userSignoffRole.findMany({
    where: { projectId: project.id, userId: user.id },
    select: { role: { select: { name: true } } },
    orderBy: { role: { name: "asc" } },
  });
  await tx.projectMember.delete({ where: { projectId_userId: { projectId: project.id, userId: user.id } } });
  const signoffRolesEnded = held.map((entry) => entry.role.name);
  await appendAuditEvent(tx, context, {
    type: "project.member_removed",
    subject: projectSubject(project),
    data: { user: memberSnapshot(user), before: { role, signoffRoles: signoffRolesEnded }, ...sourceData(grant) },
  });
  return signoffRolesEnded;
}
