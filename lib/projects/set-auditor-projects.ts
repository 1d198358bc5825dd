import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { can } from "../auth/permissions";
import { forgetTokenLookups } from "../tokens/token-cache";
import { setAuditorProjectsSchema, type SetAuditorProjectsInput } from "./project.schema";
import { findActiveUser } from "./project-lookups";

/**
 * An admin (permission user:manage) or the CLI sets which projects an auditor
 * reads: the listed ones, or every project when the list is empty
 * (organisation-wide, the default). An unchanged scope writes nothing.
 */
export async function setAuditorProjects(context: AuditContext, raw: SetAuditorProjectsInput): Promise<{ projects: string[]; changed: boolean }> {
  const input = setAuditorProjectsSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const user = await findActiveUser(tx, input.user);
    // The scope must change what they may read (the permission table's rule): it does for auditors only.
    const probe = { id: "00000000-0000-4000-8000-000000000000" };
    if (can({ appRole: user.appRole, auditorProjectIds: [] }, "release:read", probe) === can({ appRole: user.appRole, auditorProjectIds: null }, "release:read", probe)) {
      const message = `${user.name} is not an auditor: only an auditor's reading is scoped by project (members see the projects they belong to).`;
      throw new AppError("BAD_REQUEST", message, { user: [message] });
    }
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    const keys = [...new Set(input.projects)].sort();
    const projects = await tx.project.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } });
    const unknown = keys.filter((key) => !projects.some((project) => project.key === key));
    if (unknown.length) {
      const message = `No project with the key ${unknown.join(", ")}.`;
      throw new AppError("BAD_REQUEST", message, { projects: [message] });
    }
    const current = await tx.auditorProject.findMany({ where: { userId: user.id }, select: { project: { select: { key: true } } } });
    const before = current.map((entry) => entry.project.key).sort();
    if (before.join("\n") === keys.join("\n")) return { projects: keys, changed: false };
    await tx.auditorProject.deleteMany({ where: { userId: user.id } });
    await tx.auditorProject.createMany({ data: projects.map((project) => ({ userId: user.id, projectId: project.id })) });
    await appendAuditEvent(tx, context, {
      type: "user.auditor_projects_changed",
      subject: { kind: "user", id: user.id, label: `${user.name} <${user.email}>` },
      data: { before: { projects: before }, after: { projects: keys } },
    });
    return { projects: keys, changed: true };
  });
  if (result.changed) forgetTokenLookups();
  return result;
}
