import { canonicalJson } from "../audit/canonical-json";
import { allItems, type TemplateDocument, type TemplateItem } from "./document";

/**
 * What changed between two versions of a template, item by item (items keep
 * their key across versions): added, removed, changed (title, required,
 * environments, phase, command) and moved (to another subsection, or to
 * another place in the same one).
 */

export type ItemPlace = { section: string; subsection: string; index: number };
export type ItemChange = { key: string; title: string; before?: TemplateItem; after?: TemplateItem; from?: ItemPlace; to?: ItemPlace; fields?: string[] };
export type TemplateDiff = {
  added: ItemChange[];
  removed: ItemChange[];
  changed: ItemChange[];
  moved: ItemChange[];
  /** Sections, sign-off roles and other blocks, described in words. */
  other: string[];
};

function places(document: TemplateDocument) {
  const map = new Map<string, { item: TemplateItem; place: ItemPlace; subsectionKey: string }>();
  for (const { item, block, subsection } of allItems(document)) {
    map.set(item.key, {
      item,
      place: { section: block.title, subsection: subsection.title, index: subsection.items.indexOf(item) },
      subsectionKey: subsection.key,
    });
  }
  return map;
}

const FIELDS = ["title", "required", "environments", "phase", "command"] as const;

export function diffDocuments(before: TemplateDocument, after: TemplateDocument): TemplateDiff {
  const a = places(before);
  const b = places(after);
  const diff: TemplateDiff = { added: [], removed: [], changed: [], moved: [], other: [] };
  for (const [key, entry] of b) {
    const old = a.get(key);
    if (!old) {
      diff.added.push({ key, title: entry.item.title, after: entry.item, to: entry.place });
      continue;
    }
    const fields = FIELDS.filter((field) => canonicalJson(old.item[field] ?? null) !== canonicalJson(entry.item[field] ?? null));
    if (fields.length) diff.changed.push({ key, title: entry.item.title, before: old.item, after: entry.item, fields });
    if (old.subsectionKey !== entry.subsectionKey || old.place.index !== entry.place.index) {
      diff.moved.push({ key, title: entry.item.title, from: old.place, to: entry.place });
    }
  }
  for (const [key, entry] of a) {
    if (!b.has(key)) diff.removed.push({ key, title: entry.item.title, before: entry.item, from: entry.place });
  }
  // Index shifts caused only by additions/removals above an item are not moves.
  diff.moved = diff.moved.filter((move) => {
    if (move.from?.section !== move.to?.section || move.from?.subsection !== move.to?.subsection) return true;
    const beforeOrder = orderWithin(before, move.key, b);
    const afterOrder = orderWithin(after, move.key, a);
    return beforeOrder !== afterOrder;
  });

  const titles = (document: TemplateDocument) => document.blocks.map((block) => `${block.kind}:${block.title}`);
  const beforeTitles = new Set(titles(before));
  const afterTitles = new Set(titles(after));
  for (const title of afterTitles) if (!beforeTitles.has(title)) diff.other.push(`Added ${title.replace(":", " block ")}`);
  for (const title of beforeTitles) if (!afterTitles.has(title)) diff.other.push(`Removed ${title.replace(":", " block ")}`);
  const roles = (document: TemplateDocument) =>
    canonicalJson(document.blocks.flatMap((block) => (block.kind === "signoff" ? block.groups : [])));
  if (roles(before) !== roles(after)) diff.other.push("Changed the sign-off roles");
  const responsible = (document: TemplateDocument) =>
    canonicalJson(document.blocks.flatMap((block) => (block.kind === "checklist" ? [[block.key, block.responsibleRoles]] : [])));
  if (responsible(before) !== responsible(after)) diff.other.push("Changed which roles are responsible for which sections");
  return diff;
}

/** The item's position among the items present in both versions, within its subsection. */
function orderWithin(document: TemplateDocument, key: string, other: Map<string, unknown>): number {
  for (const { subsection } of allItems(document)) {
    const shared = subsection.items.filter((item) => other.has(item.key) || item.key === key).map((item) => item.key);
    const index = shared.indexOf(key);
    if (index >= 0) return index;
  }
  return -1;
}

export function summarizeDiff(diff: TemplateDiff) {
  return { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, moved: diff.moved.length };
}
