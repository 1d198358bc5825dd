import "server-only";
import { db, type Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { can } from "../auth/permissions";
import { forgetTokenLookups } from "../tokens/token-cache";
import { addProjectMemberSchema, type AddProjectMemberInput } from "./project.schema";
import { findActiveUser, type FoundUser, type GrantSource, type LockedProject, MANUAL, lockProjectByKey, memberSnapshot, projectSubject, sourceData } from "./project-lookups";
import type { ProjectRole } from "../auth/permissions";

/**
 * A maintainer (permission project:manage) or the CLI adds a user to a
 * project as maintainer or contributor. Auditors read and never join: their
 * reach is their project scope (set-auditor-projects.ts).
 */
export async function addProjectMember(context: AuditContext, raw: AddProjectMemberInput): Promise<{ project: string; user: string; role: string }> {
  const input = addProjectMemberSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const user = await findActiveUser(tx, input.user);
    // A project role gives its permissions through the one table: an organisation role that takes none from it (auditors: read-only) does not join.
    if (!can({ appRole: user.appRole, projects: [{ id: project.id, role: input.role }] }, "release:create", project)) {
      const message = `${user.name} is an auditor: auditors read and do not join projects (limit what they read with their project scope instead).`;
      throw new AppError("BAD_REQUEST", message, { user: [message] });
    }
    const existing = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId: project.id, userId: user.id } }, select: { role: true } });
    if (existing) {
      const message = `${user.name} is already a ${existing.role} of ${project.name}.`;
      throw new AppError("CONFLICT", message, { user: [message] });
    }
    await insertProjectMember(tx, context, project, user, input.role, MANUAL);
    return { project: project.key, user: user.email, role: input.role };
  });
  // Memberships are part of every token lookup: this instance at once, the others by notification (token-cache.ts).
  forgetTokenLookups();
  return result;
}

/** Makes `user` a member of `project` with `role`, audited with the grant's source, inside the caller's transaction (checks are the caller's). */
export async function insertProjectMember(tx: Tx, context: AuditContext, project: LockedProject, user: FoundUser, role: ProjectRole, grant: GrantSource): Promise<void> {
  await tx.projectMember.create({ data: { projectId: project.id, userId: user.id, role, source: grant.source } });
  await appendAuditEvent(tx, context, {
    type: "project.member_added",
    subject: projectSubject(project),
    data: { user: memberSnapshot(user), after: { role }, ...sourceData(grant) },
  });
}
