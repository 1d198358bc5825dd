import "server-only";
import { db, type ReleaseStatus } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TemplateBlock } from "../templates/document";
import { loadTemplateDocument } from "../templates/load-template-document";
import { type ItemStateView, toItemView } from "./set-item-state";
import { sqlQuery } from "../db/sql";
import { type Viewer, visibleReleaseCondition } from "./visibility";
import { withVersion } from "./release-items";
import { requireId } from "../http/parse-id";

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
  project: { id: string; key: string; name: string };
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
  /** Distinct signers each role needs in the release's environment, for roles needing more than one (lib/signoffs/quorum.ts). */
  signoffQuorums: Record<string, number>;
  decision?: Extract<TemplateBlock, { kind: "decision" }>;
  contacts: Contact[];
  closingNote: string;
};

/** Timestamps exactly as Date#toISOString writes them (UTC, milliseconds, Z), built by the database. */
const isoTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type ReleaseRowWithItems = {
  id: string;
  version: string;
  status: ReleaseStatus;
  templateVersionId: string;
  project: { id: string; key: string; name: string };
  environment: { key: string; name: string };
  template: { id: string; name: string; version: number };
  createdAt: string;
  updatedAt: string;
  itemsTotal: number;
  itemsDone: number;
  requiredOpen: number;
  blockedCount: number;
  contacts: unknown;
  quorums: Record<string, number>;
  items: ItemStateView[];
};

/**
 * The one statement behind getRelease, as text and values (the bench's raw
 * baseline issues exactly this): the release with its environment and
 * template joined, its environment's sign-off quorums, and its item states,
 * in position order, aggregated as JSON in the ItemStateView shape (ADR 019).
 * `within`: the project the caller named (a URL's key): a release of another
 * project is not found, in the same statement.
 */
export function getReleaseQuery(releaseId: string, viewer: Viewer, within?: { projectKey: string }): { text: string; values: unknown[] } {
  const values: unknown[] = [releaseId];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const visible = visibleReleaseCondition("r", viewer, param);
  const inProject = within ? ` AND p.key = ${param(within.projectKey)}` : "";
  const text = `SELECT r.id::text, r.version, r.status::text, r.template_version_id::text AS "templateVersionId",
       json_build_object('id', p.id, 'key', p.key, 'name', p.name) AS project,
       json_build_object('key', e.key, 'name', e.name) AS environment,
       json_build_object('id', t.id, 'name', t.name, 'version', tv.version) AS template,
       ${isoTime("r.created_at")} AS "createdAt", ${isoTime("r.updated_at")} AS "updatedAt",
       r.items_total AS "itemsTotal", r.items_done AS "itemsDone", r.required_open AS "requiredOpen", r.blocked_count AS "blockedCount",
       r.contacts,
       coalesce((SELECT json_object_agg(sr.name, q.quorum) FROM environment_role_quorums q JOIN signoff_roles sr ON sr.id = q.role_id
                 WHERE q.environment_id = r.environment_id), '{}') AS quorums,
       coalesce((SELECT json_agg(json_build_object(
           'itemKey', i.item_key, 'status', i.status, 'reason', i.reason, 'note', i.note, 'evidenceLinks', i.evidence_links,
           'assigneeId', i.assignee_id, 'updatedByName', i.updated_by_name, 'updatedAt', ${isoTime("i.updated_at")}, 'version', i.version
         ) ORDER BY i.position) FROM item_states i WHERE i.release_id = r.id), '[]') AS items
FROM releases r
JOIN projects p ON p.id = r.project_id
JOIN environments e ON e.id = r.environment_id
JOIN template_versions tv ON tv.id = r.template_version_id
JOIN templates t ON t.id = tv.template_id
WHERE r.id = $1::uuid${visible ? ` AND ${visible}` : ""}${inProject}`;
  return { text, values };
}

/** A release as its page shows it: the items that apply to its environment with their states, X.Y.Z filled in. */
export async function getRelease(releaseId: string, viewer: Viewer, within?: { projectKey: string }): Promise<ReleaseView> {
  releaseId = requireId(releaseId, "Release not found.");
  const { text, values } = getReleaseQuery(releaseId, viewer, within);
  const [release] = await sqlQuery<ReleaseRowWithItems>(text, values);
  if (!release) throw new AppError("NOT_FOUND", "Release not found.");
  const document = await loadTemplateDocument(release.templateVersionId);
  const states = new Map(release.items.map((item) => [item.itemKey, item]));
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
    project: release.project,
    environment: release.environment,
    template: release.template,
    createdAt: release.createdAt,
    updatedAt: release.updatedAt,
    progress: { itemsTotal: release.itemsTotal, itemsDone: release.itemsDone, requiredOpen: release.requiredOpen, blockedCount: release.blockedCount },
    description: document.description,
    sections,
    runbooks: document.blocks.flatMap((block) => (block.kind === "runbook" ? [{ key: block.key, title: block.title, markdown: fill(block.markdown) }] : [])),
    notes: document.blocks.flatMap((block) => (block.kind === "note" ? [{ key: block.key, title: block.title, markdown: block.markdown }] : [])),
    signoffGroups: document.blocks.flatMap((block) => (block.kind === "signoff" ? block.groups : [])),
    signoffQuorums: release.quorums,
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
