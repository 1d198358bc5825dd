import "server-only";
import { db, type ReleaseStatus } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TemplateBlock } from "../templates/document";
import { loadTemplateDocument } from "../templates/load-template-document";
import { type ItemStateView, toItemView } from "./set-item-state";
import { withVersion } from "./release-items";

export type ReleaseItemView = {
  key: string;
  title: string;
  required: boolean;
  phase?: string;
  command?: string;
  state: ItemStateView;
};
export type ReleaseSubsectionView = { key: string; title: string; note?: string; items: ReleaseItemView[] };
export type ReleaseSectionView = { key: string; kind: "checklist" | "environments"; title: string; note?: string; subsections: ReleaseSubsectionView[] };
export type Contact = { role: string; name: string; phone: string; email: string };

export type ReleaseView = {
  id: string;
  version: string;
  status: ReleaseStatus;
  environment: { key: string; name: string };
  template: { id: string; name: string; version: number };
  createdAt: string;
  updatedAt: string;
  progress: { itemsTotal: number; itemsDone: number; requiredOpen: number; blockedCount: number };
  description: string;
  sections: ReleaseSectionView[];
  runbooks: { key: string; title: string; markdown: string }[];
  notes: { key: string; title: string; markdown: string }[];
  signoffGroups: { title: string; roles: string[] }[];
  decision?: Extract<TemplateBlock, { kind: "decision" }>;
  contacts: Contact[];
  closingNote: string;
};

/** A release as its page shows it: the items that apply to its environment with their states, X.Y.Z filled in. */
export async function getRelease(releaseId: string): Promise<ReleaseView> {
  if (!/^[0-9a-f-]{36}$/i.test(releaseId)) throw new AppError("NOT_FOUND", "Release not found.");
  const release = await db.release.findUnique({
    where: { id: releaseId },
    include: {
      environment: { select: { key: true, name: true } },
      items: { orderBy: { position: "asc" } },
    },
  });
  if (!release) throw new AppError("NOT_FOUND", "Release not found.");
  const templateVersion = await db.templateVersion.findUniqueOrThrow({
    where: { id: release.templateVersionId },
    select: { version: true, template: { select: { id: true, name: true } } },
  });
  const document = await loadTemplateDocument(release.templateVersionId);
  const states = new Map(release.items.map((row) => [row.itemKey, toItemView(row)]));
  const fill = (text: string) => withVersion(text, release.version);

  const sections: ReleaseSectionView[] = [];
  for (const block of document.blocks) {
    if (block.kind !== "checklist" && block.kind !== "environments") continue;
    const subsections = block.subsections
      .map((subsection) => ({
        key: subsection.key,
        title: subsection.title,
        ...(subsection.note ? { note: subsection.note } : {}),
        items: subsection.items.flatMap((item) => {
          const state = states.get(item.key);
          if (!state) return [];
          return [{
            key: item.key,
            title: fill(item.title),
            required: item.required,
            ...(item.phase ? { phase: item.phase } : {}),
            ...(item.command ? { command: fill(item.command) } : {}),
            state,
          }];
        }),
      }))
      .filter((subsection) => subsection.items.length > 0);
    if (subsections.length) sections.push({ key: block.key, kind: block.kind, title: block.title, ...(block.note ? { note: block.note } : {}), subsections });
  }

  return {
    id: release.id,
    version: release.version,
    status: release.status,
    environment: release.environment,
    template: { id: templateVersion.template.id, name: templateVersion.template.name, version: templateVersion.version },
    createdAt: release.createdAt.toISOString(),
    updatedAt: release.updatedAt.toISOString(),
    progress: { itemsTotal: release.itemsTotal, itemsDone: release.itemsDone, requiredOpen: release.requiredOpen, blockedCount: release.blockedCount },
    description: document.description,
    sections,
    runbooks: document.blocks.flatMap((block) => (block.kind === "runbook" ? [{ key: block.key, title: block.title, markdown: fill(block.markdown) }] : [])),
    notes: document.blocks.flatMap((block) => (block.kind === "note" ? [{ key: block.key, title: block.title, markdown: block.markdown }] : [])),
    signoffGroups: document.blocks.flatMap((block) => (block.kind === "signoff" ? block.groups : [])),
    ...(() => {
      const decision = document.blocks.find((block) => block.kind === "decision");
      return decision && decision.kind === "decision" ? { decision } : {};
    })(),
    contacts: release.contacts as Contact[],
    closingNote: document.closingNote,
  };
}

/** Current states of some (or all) items of a release, for live updates and catch-up. */
export async function getItemStates(releaseId: string, itemKeys?: string[]): Promise<ItemStateView[]> {
  const rows = await db.itemState.findMany({
    where: { releaseId, ...(itemKeys ? { itemKey: { in: itemKeys } } : {}) },
    orderBy: { position: "asc" },
  });
  return rows.map(toItemView);
}
