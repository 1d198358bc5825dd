import type { AuditContext } from "../../lib/audit/actor";
import { db } from "../../lib/db/client";
import { createRelease } from "../../lib/releases/create-release";
import { setItemState } from "../../lib/releases/set-item-state";
import { importTemplate } from "../../lib/templates/import-template";

/** The seeded reference checklist; the bench's releases are in its project. */
export const REFERENCE_TEMPLATE = "mgit Production Deployment Checklist";
const REFERENCE = REFERENCE_TEMPLATE;
const LARGE = "Bench: 1,000-item checklist";

/** 10 sections × 10 subsections × 10 items, titles as long as the reference checklist's. */
function largeChecklist(): string {
  const lines = [`# ${LARGE}`, "", "A generated checklist for the browser benchmark.", ""];
  for (let section = 1; section <= 10; section += 1) {
    lines.push(`## Area ${section}`, "");
    for (let subsection = 1; subsection <= 10; subsection += 1) {
      lines.push(`### Component ${section}.${subsection}`);
      for (let item = 1; item <= 10; item += 1) lines.push(`- [ ] Check ${section}.${subsection}.${item}: configuration verified and documented`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

/**
 * Two in-progress staging releases with every other item ticked: one of the
 * reference checklist (109 items) and one of a generated 1,000-item checklist
 * (imported once). New releases on every run, so each run starts alike.
 */
/** The project of the reference checklist (mgit since the demo seed has projects; default in a dataset made before). */
export async function referenceProject(): Promise<{ id: string; key: string } | null> {
  const template = await db.template.findFirst({ where: { name: REFERENCE }, orderBy: { createdAt: "asc" }, select: { project: { select: { id: true, key: true } } } });
  return template?.project ?? null;
}

export async function browserReleases(context: AuditContext): Promise<{ items: number; releaseId: string }[]> {
  const reference = await db.template.findFirst({ where: { name: REFERENCE }, orderBy: { createdAt: "asc" }, select: { id: true, projectId: true } });
  if (!reference) throw new Error(`The seeded template "${REFERENCE}" is missing.`);
  let large = await db.template.findFirst({ where: { name: LARGE }, select: { id: true } });
  if (!large) {
    const imported = await importTemplate(context, { markdown: largeChecklist(), name: LARGE, projectId: reference.projectId });
    large = { id: imported.templateId };
  }
  const stamp = Date.now() % 1_000_000;
  const releases: { items: number; releaseId: string }[] = [];
  for (const [index, templateId] of [reference.id, large.id].entries()) {
    const created = await createRelease(context, { templateId, environment: "staging", version: `0.${stamp}.${index}` });
    const items = await db.itemState.findMany({ where: { releaseId: created.id }, orderBy: { position: "asc" }, select: { itemKey: true } });
    for (const [position, item] of items.entries()) {
      if (position % 2 === 0) await setItemState(context, { releaseId: created.id, itemKey: item.itemKey, status: "done" });
    }
    releases.push({ items: items.length, releaseId: created.id });
  }
  return releases;
}
