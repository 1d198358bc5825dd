import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { forgetTokenLookups } from "../tokens/token-cache";
import { removeProjectMemberSchema, type RemoveProjectMemberInput } from "./project.schema";
import { findActiveUser, lockProjectByKey, memberSnapshot, projectSubject, requireMembership } from "./project-lookups";

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
      data: { user: memberSnapshot(user), before: { role: before.role, signoffRoles: signoffRolesEnded } },
    });
    return { signoffRolesEnded };
  });
  forgetTokenLookups();
  return result;
}
