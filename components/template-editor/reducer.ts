import type {
  ChecklistBlock,
  SignoffBlock,
  TemplateBlock,
  TemplateDocument,
  TemplateItem,
  TemplateSubsection,
} from "@/lib/templates/document";

/**
 * The template editor's state changes, as small pure functions over a
 * TemplateDocument. Every function returns a new document and leaves the old
 * one untouched (unchanged parts keep their identity, so memoized rows skip
 * re-rendering). New keys are made by the caller (see keys.ts) and passed in,
 * which keeps these functions deterministic and unit-testable.
 */

export type Direction = "up" | "down";

/** The item fields the editor changes; everything else (phase, ...) is kept as it is. */
export type ItemPatch = Partial<Pick<TemplateItem, "title" | "required" | "environments" | "command">>;

/** Where an item lives: a checklist or environments block, one of its subsections. */
export type ItemPath = { blockKey: string; subsectionKey: string; itemKey: string };
export type SubsectionPath = { blockKey: string; subsectionKey: string };

export type EditorAction =
  | { type: "setTitle"; title: string }
  | { type: "addSection"; key: string; subsectionKey: string }
  | { type: "renameSection"; blockKey: string; title: string }
  | { type: "removeSection"; blockKey: string }
  | { type: "moveSection"; blockKey: string; direction: Direction }
  | { type: "insertBlock"; block: TemplateBlock; index: number }
  | { type: "addSubsection"; blockKey: string; key: string }
  | ({ type: "renameSubsection"; title: string } & SubsectionPath)
  | ({ type: "removeSubsection" } & SubsectionPath)
  | ({ type: "moveSubsection"; direction: Direction } & SubsectionPath)
  | { type: "insertSubsection"; blockKey: string; subsection: TemplateSubsection; index: number }
  | ({ type: "addItem"; key: string } & SubsectionPath)
  | ({ type: "updateItem"; patch: ItemPatch } & ItemPath)
  | ({ type: "removeItem" } & ItemPath)
  | ({ type: "moveItem"; direction: Direction } & ItemPath)
  | ({ type: "insertItem"; item: TemplateItem; index: number } & SubsectionPath)
  | { type: "setSignoffRole"; role: string; checked: boolean; newBlockKey: string }
  | { type: "setResponsibleRole"; blockKey: string; role: string; checked: boolean }
  | { type: "replace"; document: TemplateDocument };

// ---------------------------------------------------------------- arrays

/** Moves the element at `index` one place up or down; out-of-range moves return the same array. */
export function moveAt<T>(list: readonly T[], index: number, direction: Direction): T[] {
  const target = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return list as T[];
  const next = [...list];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}

export function insertAt<T>(list: readonly T[], index: number, value: T): T[] {
  const at = Math.max(0, Math.min(index, list.length));
  return [...list.slice(0, at), value, ...list.slice(at)];
}

function mapWhere<T>(list: readonly T[], match: (value: T) => boolean, change: (value: T) => T): T[] {
  let changed = false;
  const next = list.map((value) => {
    if (!match(value)) return value;
    const updated = change(value);
    if (updated !== value) changed = true;
    return updated;
  });
  return changed ? next : (list as T[]);
}

// ---------------------------------------------------------------- factories

export function newItem(key: string): TemplateItem {
  return { key, title: "", required: true, environments: null };
}

export function newSubsection(key: string): TemplateSubsection {
  return { key, title: "", items: [] };
}

export function newSection(key: string, subsectionKey: string): ChecklistBlock {
  return { kind: "checklist", key, title: "", subsections: [newSubsection(subsectionKey)], responsibleRoles: [] };
}

// ---------------------------------------------------------------- document

export function setTitle(document: TemplateDocument, title: string): TemplateDocument {
  return document.title === title ? document : { ...document, title };
}

function withBlocks(document: TemplateDocument, blocks: TemplateBlock[]): TemplateDocument {
  return blocks === document.blocks ? document : { ...document, blocks };
}

/** Adds an empty section (with one heading-less subsection) after the last checklist section. */
export function addSection(document: TemplateDocument, key: string, subsectionKey: string): TemplateDocument {
  const lastChecklist = document.blocks.findLastIndex((block) => block.kind === "checklist");
  const index = lastChecklist === -1 ? firstTrailingIndex(document.blocks) : lastChecklist + 1;
  return withBlocks(document, insertAt(document.blocks, index, newSection(key, subsectionKey)));
}

/** Where a new section goes when there is none: before the sign-off and contacts at the end. */
function firstTrailingIndex(blocks: readonly TemplateBlock[]): number {
  let index = blocks.length;
  while (index > 0 && (blocks[index - 1]?.kind === "signoff" || blocks[index - 1]?.kind === "contacts")) index -= 1;
  return index;
}

export function renameSection(document: TemplateDocument, blockKey: string, title: string): TemplateDocument {
  return withBlocks(
    document,
    mapWhere(
      document.blocks,
      (block) => block.key === blockKey && block.kind === "checklist",
      (block) => (block.title === title ? block : { ...block, title }),
    ),
  );
}

export function removeSection(document: TemplateDocument, blockKey: string): TemplateDocument {
  const blocks = document.blocks.filter((block) => !(block.key === blockKey && block.kind === "checklist"));
  return blocks.length === document.blocks.length ? document : { ...document, blocks };
}

/** Moves a checklist section one block up or down in reading order (past any kind of block). */
export function moveSection(document: TemplateDocument, blockKey: string, direction: Direction): TemplateDocument {
  const index = document.blocks.findIndex((block) => block.key === blockKey && block.kind === "checklist");
  return withBlocks(document, moveAt(document.blocks, index, direction));
}

export function insertBlock(document: TemplateDocument, block: TemplateBlock, index: number): TemplateDocument {
  if (document.blocks.some((existing) => existing.key === block.key)) return document;
  return withBlocks(document, insertAt(document.blocks, index, block));
}

// ---------------------------------------------------------------- subsections

type WithSubsections = Extract<TemplateBlock, { subsections: TemplateSubsection[] }>;

function changeSubsections(
  document: TemplateDocument,
  blockKey: string,
  change: (subsections: TemplateSubsection[]) => TemplateSubsection[],
  kinds: readonly WithSubsections["kind"][] = ["checklist"],
): TemplateDocument {
  return withBlocks(
    document,
    mapWhere(
      document.blocks,
      (block) => block.key === blockKey && (kinds as readonly string[]).includes(block.kind),
      (block) => {
        const subsections = change((block as WithSubsections).subsections);
        return subsections === (block as WithSubsections).subsections ? block : ({ ...block, subsections } as TemplateBlock);
      },
    ),
  );
}

export function addSubsection(document: TemplateDocument, blockKey: string, key: string): TemplateDocument {
  return changeSubsections(document, blockKey, (subsections) => [...subsections, newSubsection(key)]);
}

export function renameSubsection(document: TemplateDocument, path: SubsectionPath, title: string): TemplateDocument {
  return changeSubsections(document, path.blockKey, (subsections) =>
    mapWhere(
      subsections,
      (subsection) => subsection.key === path.subsectionKey,
      (subsection) => (subsection.title === title ? subsection : { ...subsection, title }),
    ),
  );
}

export function removeSubsection(document: TemplateDocument, path: SubsectionPath): TemplateDocument {
  return changeSubsections(document, path.blockKey, (subsections) => {
    const next = subsections.filter((subsection) => subsection.key !== path.subsectionKey);
    return next.length === subsections.length ? subsections : next;
  });
}

export function moveSubsection(document: TemplateDocument, path: SubsectionPath, direction: Direction): TemplateDocument {
  return changeSubsections(document, path.blockKey, (subsections) =>
    moveAt(
      subsections,
      subsections.findIndex((subsection) => subsection.key === path.subsectionKey),
      direction,
    ),
  );
}

export function insertSubsection(document: TemplateDocument, blockKey: string, subsection: TemplateSubsection, index: number): TemplateDocument {
  return changeSubsections(document, blockKey, (subsections) =>
    subsections.some((existing) => existing.key === subsection.key) ? subsections : insertAt(subsections, index, subsection),
  );
}

// ---------------------------------------------------------------- items

/**
 * Changes the items of one subsection. Items of environments blocks may be
 * changed too (renamed, required toggled); adding, removing and moving them
 * is offered for checklist sections only, and the component decides that.
 */
function changeItems(document: TemplateDocument, path: SubsectionPath, change: (items: TemplateItem[]) => TemplateItem[]): TemplateDocument {
  return changeSubsections(
    document,
    path.blockKey,
    (subsections) =>
      mapWhere(
        subsections,
        (subsection) => subsection.key === path.subsectionKey,
        (subsection) => {
          const items = change(subsection.items);
          return items === subsection.items ? subsection : { ...subsection, items };
        },
      ),
    ["checklist", "environments"],
  );
}

export function addItem(document: TemplateDocument, path: SubsectionPath, key: string): TemplateDocument {
  return changeItems(document, path, (items) => [...items, newItem(key)]);
}

/** Applies a patch to an item. An empty command is removed rather than stored as "". */
export function updateItem(document: TemplateDocument, path: ItemPath, patch: ItemPatch): TemplateDocument {
  return changeItems(document, path, (items) =>
    mapWhere(
      items,
      (item) => item.key === path.itemKey,
      (item) => {
        const next: TemplateItem = { ...item, ...patch };
        if ("command" in patch && !patch.command) delete next.command;
        const same = (Object.keys(patch) as (keyof ItemPatch)[]).every((field) => sameValue(item[field], next[field]));
        return same ? item : next;
      },
    ),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => value === b[index]);
  return a === b;
}

export function removeItem(document: TemplateDocument, path: ItemPath): TemplateDocument {
  return changeItems(document, path, (items) => {
    const next = items.filter((item) => item.key !== path.itemKey);
    return next.length === items.length ? items : next;
  });
}

export function moveItem(document: TemplateDocument, path: ItemPath, direction: Direction): TemplateDocument {
  return changeItems(document, path, (items) =>
    moveAt(
      items,
      items.findIndex((item) => item.key === path.itemKey),
      direction,
    ),
  );
}

export function insertItem(document: TemplateDocument, path: SubsectionPath, item: TemplateItem, index: number): TemplateDocument {
  return changeItems(document, path, (items) => (items.some((existing) => existing.key === item.key) ? items : insertAt(items, index, item)));
}

/**
 * Turns "All environments" on (null) or off (every environment offered,
 * listed explicitly, so the admin then unticks the ones that do not apply).
 */
export function environmentsForAll(all: boolean, offered: readonly string[]): string[] | null {
  return all ? null : [...offered];
}

/** Adds or removes one environment, keeping the order in which they are offered. */
export function toggleEnvironment(current: readonly string[] | null, environment: string, checked: boolean, offered: readonly string[]): string[] {
  const set = new Set(current ?? offered);
  if (checked) set.add(environment);
  else set.delete(environment);
  const ordered = offered.filter((name) => set.has(name));
  const extra = [...set].filter((name) => !offered.includes(name));
  return [...ordered, ...extra];
}

// ---------------------------------------------------------------- sign-off roles

const sameRole = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function signoffBlockOf(document: TemplateDocument): SignoffBlock | undefined {
  return document.blocks.find((block): block is SignoffBlock => block.kind === "signoff");
}

/**
 * Ticks or unticks a required sign-off role. A new role goes into the last
 * group (or a new "Sign-off" group, in a new sign-off block if the template
 * has none); a removed role leaves its group (empty groups go) and every
 * section's responsible roles.
 */
export function setSignoffRole(document: TemplateDocument, role: string, checked: boolean, newBlockKey: string): TemplateDocument {
  const name = role.trim();
  if (!name) return document;
  const block = signoffBlockOf(document);
  const present = block?.groups.some((group) => group.roles.some((existing) => sameRole(existing, name))) ?? false;
  if (checked === present) return document;

  if (checked) {
    if (!block) {
      const created: SignoffBlock = { kind: "signoff", key: newBlockKey, title: "Sign-off", groups: [{ title: "Sign-off", roles: [name] }] };
      const contacts = document.blocks.findIndex((candidate) => candidate.kind === "contacts");
      return withBlocks(document, insertAt(document.blocks, contacts === -1 ? document.blocks.length : contacts, created));
    }
    const groups =
      block.groups.length === 0
        ? [{ title: "Sign-off", roles: [name] }]
        : block.groups.map((group, index) => (index === block.groups.length - 1 ? { ...group, roles: [...group.roles, name] } : group));
    return withBlocks(
      document,
      document.blocks.map((candidate) => (candidate === block ? { ...block, groups } : candidate)),
    );
  }

  const groups = block!.groups
    .map((group) => (group.roles.some((existing) => sameRole(existing, name)) ? { ...group, roles: group.roles.filter((existing) => !sameRole(existing, name)) } : group))
    .filter((group) => group.roles.length > 0);
  return withBlocks(
    document,
    document.blocks.map((candidate) => {
      if (candidate === block) return { ...block, groups };
      if (candidate.kind === "checklist" && candidate.responsibleRoles.some((existing) => sameRole(existing, name))) {
        return { ...candidate, responsibleRoles: candidate.responsibleRoles.filter((existing) => !sameRole(existing, name)) };
      }
      return candidate;
    }),
  );
}

/** Makes a sign-off role responsible for a section, or not. None responsible: every role covers the section. */
export function setResponsibleRole(document: TemplateDocument, blockKey: string, role: string, checked: boolean): TemplateDocument {
  return withBlocks(
    document,
    mapWhere(
      document.blocks,
      (block) => block.key === blockKey && block.kind === "checklist",
      (block) => {
        const section = block as ChecklistBlock;
        const has = section.responsibleRoles.some((existing) => sameRole(existing, role));
        if (has === checked) return block;
        const responsibleRoles = checked
          ? [...section.responsibleRoles, role]
          : section.responsibleRoles.filter((existing) => !sameRole(existing, role));
        return { ...section, responsibleRoles };
      },
    ),
  );
}

// ---------------------------------------------------------------- reducer

export function templateEditorReducer(document: TemplateDocument, action: EditorAction): TemplateDocument {
  switch (action.type) {
    case "setTitle":
      return setTitle(document, action.title);
    case "addSection":
      return addSection(document, action.key, action.subsectionKey);
    case "renameSection":
      return renameSection(document, action.blockKey, action.title);
    case "removeSection":
      return removeSection(document, action.blockKey);
    case "moveSection":
      return moveSection(document, action.blockKey, action.direction);
    case "insertBlock":
      return insertBlock(document, action.block, action.index);
    case "addSubsection":
      return addSubsection(document, action.blockKey, action.key);
    case "renameSubsection":
      return renameSubsection(document, action, action.title);
    case "removeSubsection":
      return removeSubsection(document, action);
    case "moveSubsection":
      return moveSubsection(document, action, action.direction);
    case "insertSubsection":
      return insertSubsection(document, action.blockKey, action.subsection, action.index);
    case "addItem":
      return addItem(document, action, action.key);
    case "updateItem":
      return updateItem(document, action, action.patch);
    case "removeItem":
      return removeItem(document, action);
    case "moveItem":
      return moveItem(document, action, action.direction);
    case "insertItem":
      return insertItem(document, action, action.item, action.index);
    case "setSignoffRole":
      return setSignoffRole(document, action.role, action.checked, action.newBlockKey);
    case "setResponsibleRole":
      return setResponsibleRole(document, action.blockKey, action.role, action.checked);
    case "replace":
      return action.document;
  }
}

/** The environments the editor offers: the product's two, then any other the document already uses. */
export function offeredEnvironments(document: TemplateDocument, base: readonly string[] = ["staging", "production"]): string[] {
  const used = new Set<string>();
  for (const block of document.blocks) {
    if (block.kind !== "checklist" && block.kind !== "environments") continue;
    for (const subsection of block.subsections) for (const item of subsection.items) for (const name of item.environments ?? []) used.add(name);
  }
  return [...base, ...[...used].filter((name) => !base.includes(name)).sort()];
}
