import "server-only";
import { db } from "../db/client";
import { type AuditContext, systemContext } from "../audit/actor";
import { createRelease } from "../releases/create-release";
import { setItemState } from "../releases/set-item-state";

/** The demo's release in progress: mgit 5.2.0 on staging, its checklist done, waiting for its eight signatures. */
export const DEMO_RELEASE = { project: "mgit", version: "5.2.0", environment: "staging", assignee: "member@countersign.test" } as const;

/**
 * Work in progress for a fresh demo (issue 12: the inbox and "Waiting for
 * me" show something out of the box). Through the use cases, as the seed
 * (the trail says the seed did it, never a person): mgit 5.2.0 on staging is
 * created, every required item is marked done and one optional item is
 * assigned to Max Member. So the release is ready for sign-off: each of the
 * eight role holders finds it under "Waiting for me", and the worker, once
 * it runs, puts "ready for your signature" in their inbox (and "assigned"
 * in Max Member's). Runs only on the database the demo was just seeded
 * into; does nothing when mgit or its template is missing.
 */
export async function seedDemoActivity(context: AuditContext = systemContext("seed")): Promise<{ releaseId: string } | null> {
  const project = await db.project.findUnique({ where: { key: DEMO_RELEASE.project }, select: { id: true } });
  const template = project ? await db.template.findFirst({ where: { projectId: project.id }, orderBy: { createdAt: "asc" }, select: { id: true } }) : null;
  if (!project || !template) return null;
  const release = await createRelease(context, { templateId: template.id, version: DEMO_RELEASE.version, environment: DEMO_RELEASE.environment }, project.id);
  const items = await db.itemState.findMany({ where: { releaseId: release.id }, orderBy: { position: "asc" }, select: { itemKey: true, required: true } });
  const assignee = await db.user.findUnique({ where: { email: DEMO_RELEASE.assignee }, select: { id: true } });
  const optional = items.find((item) => !item.required);
  if (assignee && optional) await setItemState(context, { releaseId: release.id, itemKey: optional.itemKey, status: "open", assigneeId: assignee.id });
  for (const item of items.filter((entry) => entry.required)) {
    await setItemState(context, { releaseId: release.id, itemKey: item.itemKey, status: "done" });
  }
  return { releaseId: release.id };
}
