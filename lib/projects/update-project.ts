import "server-only";
import { db } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { updateProjectSchema, type UpdateProjectInput } from "./project.schema";
import { lockProjectByKey, projectSubject } from "./project-lookups";

/**
 * A maintainer renames a project or changes its description (its key stays:
 * it is in every URL and token of the project). An unchanged project writes
 * nothing; a change is one audit event with before and after.
 */
export async function updateProject(context: AuditContext, raw: UpdateProjectInput): Promise<{ key: string; name: string; description: string; changed: boolean }> {
  const input = updateProjectSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const project = await lockProjectByKey(tx, input.project);
    const before = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { name: true, description: true, reminderIntervalMinutes: true } });
    // The reminder interval (issue 12) is kept when the caller does not name it (the CLI, older forms).
    const after = { name: input.name, description: input.description, reminderIntervalMinutes: input.reminderIntervalHours === undefined ? before.reminderIntervalMinutes : Math.round(input.reminderIntervalHours * 60) };
    if (before.name === after.name && before.description === after.description && before.reminderIntervalMinutes === after.reminderIntervalMinutes) return { key: project.key, name: after.name, description: after.description, changed: false };
    await tx.project.update({ where: { id: project.id }, data: { ...after, updatedAt: new Date() } });
    await appendAuditEvent(tx, context, {
      type: "project.updated",
      subject: projectSubject({ ...project, name: after.name }),
      data: { key: project.key, before, after },
    });
    return { key: project.key, name: after.name, description: after.description, changed: true };
  });
}
