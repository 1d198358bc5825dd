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
    // Every item in both versions is a candidate; the filter below keeps real moves.
    diff.moved.push({ key, title: entry.item.title, from: old.place, to: entry.place });
  }
  for (const [key, entry] of a) {
    if (!b.has(key)) diff.removed.push({ key, title: entry.item.title, before: entry.item, from: entry.place });
  }
  // An item counts as moved when it changed subsection, or when its order among
  // the items that stayed in the same subsection changed; shifts caused only
  // by additions or removals around it are not moves.
  const stayed = (document: TemplateDocument, other: Map<string, { subsectionKey: string }>) => {
    const order = new Map<string, number>();
    for (const { subsection } of allItems(document).filter((entry, index, all) => all.findIndex((x) => x.subsection === entry.subsection) === index)) {
      subsection.items
        .filter((item) => other.get(item.key)?.subsectionKey === subsection.key)
        .forEach((item, index) => order.set(item.key, index));
    }
    return order;
  };
  const beforeOrder = stayed(before, b);
  const afterOrder = stayed(after, a);
  diff.moved = diff.moved.filter((move) => {
    const from = a.get(move.key);
    const to = b.get(move.key);
    if (!from || !to || from.subsectionKey !== to.subsectionKey) return true;
    return beforeOrder.get(move.key) !== afterOrder.get(move.key);
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

export function summarizeDiff(diff: TemplateDiff) {
  return { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, moved: diff.moved.length };
}
