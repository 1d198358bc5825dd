import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { forgetTokenLookups } from "../tokens/token-cache";
import { setProjectMemberRoleSchema, type SetProjectMemberRoleInput } from "./project.schema";
import { findActiveUser, lockProjectByKey, memberSnapshot, projectSubject, requireMembership } from "./project-lookups";

/** A maintainer (or the CLI) makes a member maintainer or contributor; an unchanged role writes nothing. */
export async function setProjectMemberRole(context: AuditContext, raw: SetProjectMemberRoleInput): Promise<{ changed: boolean }> {
  const input = setProjectMemberRoleSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const user = await findActiveUser(tx, input.user);
    const before = await requireMembership(tx, project, user);
    if (before.role === input.role) return { changed: false };
    await tx.projectMember.update({ where: { projectId_userId: { projectId: project.id, userId: user.id } }, data: { role: input.role } });
    await appendAuditEvent(tx, context, {
      type: "project.member_role_changed",
      subject: projectSubject(project),
      data: { user: memberSnapshot(user), before: { role: before.role }, after: { role: input.role } },
    });
    return { changed: true };
  });
  if (result.changed) forgetTokenLookups();
  return result;
}
