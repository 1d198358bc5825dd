import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/canonical-json";
import type { TemplateDocument } from "../templates/document";

/**
 * What a sign-off covers and the hash that binds it. By default a role covers
 * every item of the release; where the template names responsible roles for a
 * checklist section, that section is covered only by those roles.
 */
export function coveredItemKeys(document: TemplateDocument, role: string, releaseItemKeys: Set<string>): string[] {
  const keys: string[] = [];
  for (const block of document.blocks) {
    if (block.kind !== "checklist" && block.kind !== "environments") continue;
    if (block.kind === "checklist" && block.responsibleRoles.length > 0 && !block.responsibleRoles.includes(role)) continue;
    for (const subsection of block.subsections) for (const item of subsection.items) if (releaseItemKeys.has(item.key)) keys.push(item.key);
  }
  return keys;
}

export type CoveredState = {
  release: { id: string; version: string; environment: string; templateVersionId: string };
  role: string;
  items: { key: string; status: string; reason: string | null; note: string | null; evidenceLinks: string[] }[];
};

/**
 * sha256 over RFC 8785 canonical JSON of the covered state. The release id is
 * part of it, so a signature copied to another release, or kept after a
 * change, no longer matches.
 */
export function contentHash(state: CoveredState): string {
  const items = [...state.items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return createHash("sha256").update(canonicalJson({ ...state, items })).digest("hex");
}
