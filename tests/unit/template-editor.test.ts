import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { newKey } from "../../components/template-editor/keys";
import {
  environmentsForAll,
  moveAt,
  offeredEnvironments,
  signoffBlockOf,
  templateEditorReducer,
  toggleEnvironment,
  type EditorAction,
} from "../../components/template-editor/reducer";
import { fieldIds, problemsById, validateDocument } from "../../components/template-editor/validate";
import {
  signoffRoleNames,
  templateDocumentSchema,
  type ChecklistBlock,
  type SignoffBlock,
  type TemplateBlock,
  type TemplateDocument,
  type TemplateItem,
} from "../../lib/templates/document";
import { parseTemplateMarkdown } from "../../lib/templates/parse-markdown";

/**
 * The template editor's pure state functions (reducer.ts) and its client-side
 * validation (validate.ts), on small hand-made documents and on the reference
 * checklist parsed from lib/seed/templates/.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const REFERENCE = path.join(root, "lib/seed/templates/mgit-production-checklist.md");

const item = (key: string, title: string, extra: Partial<TemplateItem> = {}): TemplateItem => ({
  key,
  title,
  required: true,
  environments: null,
  ...extra,
});

/** Two checklist sections, an environments block, a runbook, a sign-off block and contacts. */
function sampleDocument(): TemplateDocument {
  return {
    title: "Release checklist",
    description: "",
    closingNote: "",
    blocks: [
      {
        kind: "checklist",
        key: "sec-a",
        title: "Code Quality",
        responsibleRoles: ["Tech Lead"],
        subsections: [
          {
            key: "sub-a1",
            title: "",
            items: [item("item-1", "Tests pass"), item("item-2", "Lint clean", { command: "npm run lint" }), item("item-3", "Types check")],
          },
          { key: "sub-a2", title: "Reviews", items: [item("item-4", "Code reviewed", { phase: "pre" })] },
          { key: "sub-a3", title: "Docs", items: [item("item-5", "Changelog")] },
        ],
      },
      {
        kind: "checklist",
        key: "sec-b",
        title: "Deployment",
        responsibleRoles: ["Tech Lead", "SRE Lead"],
        subsections: [{ key: "sub-b1", title: "", items: [item("item-6", "Deploy", { environments: ["production"] })] }],
      },
      {
        kind: "environments",
        key: "env",
        title: "Environment-Specific Checklists",
        subsections: [{ key: "sub-env", title: "Staging", items: [item("item-7", "Smoke test", { environments: ["staging", "qa"] })] }],
      },
      { kind: "runbook", key: "runbook", title: "Rollback", markdown: "Roll back." },
      {
        kind: "signoff",
        key: "signoff",
        title: "Sign-off",
        groups: [
          { title: "Development", roles: ["Tech Lead", "QA Lead"] },
          { title: "Operations", roles: ["SRE Lead"] },
        ],
      },
      { kind: "contacts", key: "contacts", title: "Contacts", columns: ["Role", "Name"], roles: ["On-call"] },
    ],
  };
}

const reduce = (document: TemplateDocument, ...actions: EditorAction[]) => actions.reduce(templateEditorReducer, document);

function blockAt(document: TemplateDocument, key: string): TemplateBlock {
  const block = document.blocks.find((candidate) => candidate.key === key);
  if (!block) throw new Error(`no block ${key}`);
  return block;
}

function section(document: TemplateDocument, key: string): ChecklistBlock {
  const block = blockAt(document, key);
  if (block.kind !== "checklist") throw new Error(`block ${key} is a ${block.kind}`);
  return block;
}

function subsectionOf(document: TemplateDocument, blockKey: string, subsectionKey: string) {
  const block = blockAt(document, blockKey);
  if (block.kind !== "checklist" && block.kind !== "environments") throw new Error(`block ${blockKey} has no subsections`);
  const subsection = block.subsections.find((candidate) => candidate.key === subsectionKey);
  if (!subsection) throw new Error(`no subsection ${subsectionKey}`);
  return subsection;
}

function itemOf(document: TemplateDocument, blockKey: string, subsectionKey: string, itemKey: string): TemplateItem {
  const found = subsectionOf(document, blockKey, subsectionKey).items.find((candidate) => candidate.key === itemKey);
  if (!found) throw new Error(`no item ${itemKey}`);
  return found;
}

const itemKeys = (document: TemplateDocument, blockKey: string, subsectionKey: string) =>
  subsectionOf(document, blockKey, subsectionKey).items.map((entry) => entry.key);

function signoff(document: TemplateDocument): SignoffBlock {
  const block = signoffBlockOf(document);
  if (!block) throw new Error("no sign-off block");
  return block;
}

/** The document must not be mutated by any reducer call: compare with a deep copy taken before. */
function frozenCopy(document: TemplateDocument): TemplateDocument {
  return structuredClone(document);
}

describe("newKey", () => {
  it("makes keys of ten lowercase hex digits that the document schema accepts", () => {
    for (let index = 0; index < 50; index += 1) {
      const key = newKey();
      expect(key).toMatch(/^[0-9a-f]{10}$/);
    }
    const [sectionKey, subsectionKey, itemKey] = [newKey(), newKey(), newKey()];
    const document = reduce(
      sampleDocument(),
      { type: "addSection", key: sectionKey, subsectionKey },
      { type: "renameSection", blockKey: sectionKey, title: "New" },
      { type: "addItem", blockKey: sectionKey, subsectionKey, key: itemKey },
      { type: "updateItem", blockKey: sectionKey, subsectionKey, itemKey, patch: { title: "New item" } },
    );
    expect(templateDocumentSchema.safeParse(document).success).toBe(true);
    expect(validateDocument(document)).toEqual([]);
  });

  it("does not repeat itself", () => {
    const keys = Array.from({ length: 2000 }, () => newKey());
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("moveAt", () => {
  it("swaps with the neighbour and returns the same array when the move is out of range", () => {
    const list = ["a", "b", "c"];
    expect(moveAt(list, 0, "down")).toEqual(["b", "a", "c"]);
    expect(moveAt(list, 2, "up")).toEqual(["a", "c", "b"]);
    expect(moveAt(list, 0, "up")).toBe(list);
    expect(moveAt(list, 2, "down")).toBe(list);
    expect(moveAt(list, -1, "down")).toBe(list);
    expect(list).toEqual(["a", "b", "c"]);
  });
});

describe("title", () => {
  it("renames the checklist and keeps the blocks", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "setTitle", title: "Hotfix checklist" });
    expect(after.title).toBe("Hotfix checklist");
    expect(before.title).toBe("Release checklist");
    expect(after.blocks).toBe(before.blocks);
  });

  it("returns the same document when the title does not change", () => {
    const before = sampleDocument();
    expect(reduce(before, { type: "setTitle", title: "Release checklist" })).toBe(before);
  });
});

describe("sections", () => {
  it("adds an empty section with one heading-less subsection after the last checklist section", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "addSection", key: "new-sec", subsectionKey: "new-sub" });
    expect(after.blocks.map((block) => block.key)).toEqual(["sec-a", "sec-b", "new-sec", "env", "runbook", "signoff", "contacts"]);
    expect(section(after, "new-sec")).toEqual({
      kind: "checklist",
      key: "new-sec",
      title: "",
      subsections: [{ key: "new-sub", title: "", items: [] }],
      responsibleRoles: [],
    });
    for (const block of before.blocks) expect(blockAt(after, block.key)).toBe(block);
    expect(before.blocks).toHaveLength(6);
  });

  it("adds the first section before the trailing sign-off and contacts", () => {
    const before: TemplateDocument = { ...sampleDocument(), blocks: sampleDocument().blocks.filter((block) => block.kind !== "checklist") };
    const after = reduce(before, { type: "addSection", key: "first", subsectionKey: "first-sub" });
    expect(after.blocks.map((block) => block.key)).toEqual(["env", "runbook", "first", "signoff", "contacts"]);
  });

  it("renames a section, leaving the other blocks as they were", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "renameSection", blockKey: "sec-b", title: "Rollout" });
    expect(section(after, "sec-b").title).toBe("Rollout");
    expect(section(after, "sec-b").subsections).toBe(section(before, "sec-b").subsections);
    expect(section(before, "sec-b").title).toBe("Deployment");
    expect(blockAt(after, "sec-a")).toBe(blockAt(before, "sec-a"));
    expect(blockAt(after, "signoff")).toBe(blockAt(before, "signoff"));
  });

  it("returns the same document for a rename to the same title or of a block that is not a checklist section", () => {
    const before = sampleDocument();
    expect(reduce(before, { type: "renameSection", blockKey: "sec-a", title: "Code Quality" })).toBe(before);
    expect(reduce(before, { type: "renameSection", blockKey: "runbook", title: "Other" })).toBe(before);
    expect(reduce(before, { type: "renameSection", blockKey: "missing", title: "Other" })).toBe(before);
  });

  it("removes a section and only that section", () => {
    const before = sampleDocument();
    const copy = frozenCopy(before);
    const after = reduce(before, { type: "removeSection", blockKey: "sec-a" });
    expect(after.blocks.map((block) => block.key)).toEqual(["sec-b", "env", "runbook", "signoff", "contacts"]);
    expect(blockAt(after, "sec-b")).toBe(blockAt(before, "sec-b"));
    expect(before).toEqual(copy);
  });

  it("does not remove blocks that are not checklist sections, nor unknown keys", () => {
    const before = sampleDocument();
    expect(reduce(before, { type: "removeSection", blockKey: "signoff" })).toBe(before);
    expect(reduce(before, { type: "removeSection", blockKey: "missing" })).toBe(before);
  });

  it("moves a section up and down by one block", () => {
    const before = sampleDocument();
    const down = reduce(before, { type: "moveSection", blockKey: "sec-a", direction: "down" });
    expect(down.blocks.map((block) => block.key)).toEqual(["sec-b", "sec-a", "env", "runbook", "signoff", "contacts"]);
    expect(blockAt(down, "sec-a")).toBe(blockAt(before, "sec-a"));
    const up = reduce(down, { type: "moveSection", blockKey: "sec-a", direction: "up" });
    expect(up.blocks.map((block) => block.key)).toEqual(before.blocks.map((block) => block.key));
  });

  it("cannot move the first block up nor the last block down", () => {
    const before = sampleDocument();
    expect(reduce(before, { type: "moveSection", blockKey: "sec-a", direction: "up" })).toBe(before);
    const onlyChecklistLast: TemplateDocument = { ...before, blocks: [blockAt(before, "runbook"), blockAt(before, "sec-b")] };
    expect(reduce(onlyChecklistLast, { type: "moveSection", blockKey: "sec-b", direction: "down" })).toBe(onlyChecklistLast);
    expect(reduce(before, { type: "moveSection", blockKey: "missing", direction: "down" })).toBe(before);
  });
});

describe("subsections", () => {
  it("adds an empty subsection at the end of its section", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "addSubsection", blockKey: "sec-b", key: "sub-b2" });
    expect(section(after, "sec-b").subsections.map((subsection) => subsection.key)).toEqual(["sub-b1", "sub-b2"]);
    expect(subsectionOf(after, "sec-b", "sub-b2")).toEqual({ key: "sub-b2", title: "", items: [] });
    expect(subsectionOf(after, "sec-b", "sub-b1")).toBe(subsectionOf(before, "sec-b", "sub-b1"));
    expect(blockAt(after, "sec-a")).toBe(blockAt(before, "sec-a"));
    expect(section(before, "sec-b").subsections).toHaveLength(1);
  });

  it("does not add subsections to environments blocks", () => {
    const before = sampleDocument();
    expect(reduce(before, { type: "addSubsection", blockKey: "env", key: "x" })).toBe(before);
  });

  it("renames a subsection and keeps its siblings", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "renameSubsection", blockKey: "sec-a", subsectionKey: "sub-a2", title: "Peer review" });
    expect(subsectionOf(after, "sec-a", "sub-a2").title).toBe("Peer review");
    expect(subsectionOf(after, "sec-a", "sub-a2").items).toBe(subsectionOf(before, "sec-a", "sub-a2").items);
    expect(subsectionOf(after, "sec-a", "sub-a1")).toBe(subsectionOf(before, "sec-a", "sub-a1"));
    expect(subsectionOf(after, "sec-a", "sub-a3")).toBe(subsectionOf(before, "sec-a", "sub-a3"));
    expect(blockAt(after, "sec-b")).toBe(blockAt(before, "sec-b"));
    expect(subsectionOf(before, "sec-a", "sub-a2").title).toBe("Reviews");
    expect(reduce(before, { type: "renameSubsection", blockKey: "sec-a", subsectionKey: "sub-a2", title: "Reviews" })).toBe(before);
  });

  it("removes a subsection with its items", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "removeSubsection", blockKey: "sec-a", subsectionKey: "sub-a2" });
    expect(section(after, "sec-a").subsections.map((subsection) => subsection.key)).toEqual(["sub-a1", "sub-a3"]);
    expect(section(before, "sec-a").subsections).toHaveLength(3);
    expect(reduce(before, { type: "removeSubsection", blockKey: "sec-a", subsectionKey: "missing" })).toBe(before);
  });

  it("moves a subsection within its section; the first cannot go up and the last cannot go down", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "moveSubsection", blockKey: "sec-a", subsectionKey: "sub-a2", direction: "up" });
    expect(section(after, "sec-a").subsections.map((subsection) => subsection.key)).toEqual(["sub-a2", "sub-a1", "sub-a3"]);
    expect(subsectionOf(after, "sec-a", "sub-a2")).toBe(subsectionOf(before, "sec-a", "sub-a2"));
    expect(blockAt(after, "sec-b")).toBe(blockAt(before, "sec-b"));
    const down = reduce(before, { type: "moveSubsection", blockKey: "sec-a", subsectionKey: "sub-a2", direction: "down" });
    expect(section(down, "sec-a").subsections.map((subsection) => subsection.key)).toEqual(["sub-a1", "sub-a3", "sub-a2"]);
    expect(reduce(before, { type: "moveSubsection", blockKey: "sec-a", subsectionKey: "sub-a1", direction: "up" })).toBe(before);
    expect(reduce(before, { type: "moveSubsection", blockKey: "sec-a", subsectionKey: "sub-a3", direction: "down" })).toBe(before);
  });
});

describe("items", () => {
  it("adds a required, all-environments, untitled item at the end of the subsection", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "addItem", blockKey: "sec-a", subsectionKey: "sub-a2", key: "item-new" });
    expect(itemKeys(after, "sec-a", "sub-a2")).toEqual(["item-4", "item-new"]);
    expect(itemOf(after, "sec-a", "sub-a2", "item-new")).toEqual({ key: "item-new", title: "", required: true, environments: null });
    expect(itemOf(after, "sec-a", "sub-a2", "item-4")).toBe(itemOf(before, "sec-a", "sub-a2", "item-4"));
    expect(subsectionOf(after, "sec-a", "sub-a1")).toBe(subsectionOf(before, "sec-a", "sub-a1"));
    expect(itemKeys(before, "sec-a", "sub-a2")).toEqual(["item-4"]);
  });

  it("renames an item and keeps the other items and fields", () => {
    const before = sampleDocument();
    const after = reduce(before, {
      type: "updateItem",
      blockKey: "sec-a",
      subsectionKey: "sub-a2",
      itemKey: "item-4",
      patch: { title: "Code reviewed by two people" },
    });
    expect(itemOf(after, "sec-a", "sub-a2", "item-4")).toEqual({
      key: "item-4",
      title: "Code reviewed by two people",
      required: true,
      environments: null,
      phase: "pre",
    });
    expect(subsectionOf(after, "sec-a", "sub-a1")).toBe(subsectionOf(before, "sec-a", "sub-a1"));
    expect(itemOf(before, "sec-a", "sub-a2", "item-4").title).toBe("Code reviewed");
  });

  it("changes items of environments blocks too", () => {
    const before = sampleDocument();
    const after = reduce(before, {
      type: "updateItem",
      blockKey: "env",
      subsectionKey: "sub-env",
      itemKey: "item-7",
      patch: { title: "Smoke test staging" },
    });
    expect(itemOf(after, "env", "sub-env", "item-7").title).toBe("Smoke test staging");
  });

  it("returns the same document when a patch changes nothing", () => {
    const before = sampleDocument();
    const path = { blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-2" };
    expect(reduce(before, { type: "updateItem", ...path, patch: { title: "Lint clean", required: true } })).toBe(before);
    expect(reduce(before, { type: "updateItem", ...path, patch: { command: "npm run lint" } })).toBe(before);
    const deploy = { blockKey: "sec-b", subsectionKey: "sub-b1", itemKey: "item-6" };
    expect(reduce(before, { type: "updateItem", ...deploy, patch: { environments: ["production"] } })).toBe(before);
    expect(reduce(before, { type: "updateItem", ...path, itemKey: "missing", patch: { title: "x" } })).toBe(before);
  });

  it("toggles required", () => {
    const before = sampleDocument();
    const path = { blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-3" };
    const optional = reduce(before, { type: "updateItem", ...path, patch: { required: false } });
    expect(itemOf(optional, "sec-a", "sub-a1", "item-3").required).toBe(false);
    expect(itemOf(optional, "sec-a", "sub-a1", "item-1")).toBe(itemOf(before, "sec-a", "sub-a1", "item-1"));
    expect(itemOf(before, "sec-a", "sub-a1", "item-3").required).toBe(true);
    const again = reduce(optional, { type: "updateItem", ...path, patch: { required: true } });
    expect(itemOf(again, "sec-a", "sub-a1", "item-3")).toEqual(itemOf(before, "sec-a", "sub-a1", "item-3"));
  });

  it("edits, replaces and clears the command; an empty command is removed, not stored", () => {
    const before = sampleDocument();
    const path = { blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-1" };
    const added = reduce(before, { type: "updateItem", ...path, patch: { command: "npm test" } });
    expect(itemOf(added, "sec-a", "sub-a1", "item-1").command).toBe("npm test");
    expect(itemOf(before, "sec-a", "sub-a1", "item-1")).not.toHaveProperty("command");

    const lintPath = { ...path, itemKey: "item-2" };
    const changed = reduce(before, { type: "updateItem", ...lintPath, patch: { command: "npx eslint ." } });
    expect(itemOf(changed, "sec-a", "sub-a1", "item-2").command).toBe("npx eslint .");

    const cleared = reduce(before, { type: "updateItem", ...lintPath, patch: { command: "" } });
    expect(itemOf(cleared, "sec-a", "sub-a1", "item-2")).not.toHaveProperty("command");
    expect(itemOf(cleared, "sec-a", "sub-a1", "item-2").title).toBe("Lint clean");
    expect(itemOf(before, "sec-a", "sub-a1", "item-2").command).toBe("npm run lint");

    // Clearing the command of an item that has none is no change.
    expect(reduce(before, { type: "updateItem", ...path, patch: { command: "" } })).toBe(before);
  });

  it("sets environments to all (null) or to a specific list", () => {
    const before = sampleDocument();
    const path = { blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-1" };
    const specific = reduce(before, { type: "updateItem", ...path, patch: { environments: ["staging"] } });
    expect(itemOf(specific, "sec-a", "sub-a1", "item-1").environments).toEqual(["staging"]);
    const all = reduce(specific, { type: "updateItem", ...path, patch: { environments: null } });
    expect(itemOf(all, "sec-a", "sub-a1", "item-1").environments).toBeNull();
    expect(itemOf(before, "sec-a", "sub-a1", "item-1").environments).toBeNull();
  });

  it("removes an item and only that item", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "removeItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-2" });
    expect(itemKeys(after, "sec-a", "sub-a1")).toEqual(["item-1", "item-3"]);
    expect(itemOf(after, "sec-a", "sub-a1", "item-1")).toBe(itemOf(before, "sec-a", "sub-a1", "item-1"));
    expect(subsectionOf(after, "sec-a", "sub-a2")).toBe(subsectionOf(before, "sec-a", "sub-a2"));
    expect(itemKeys(before, "sec-a", "sub-a1")).toEqual(["item-1", "item-2", "item-3"]);
    expect(reduce(before, { type: "removeItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "missing" })).toBe(before);
  });

  it("moves an item up and down within its subsection", () => {
    const before = sampleDocument();
    const up = reduce(before, { type: "moveItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-2", direction: "up" });
    expect(itemKeys(up, "sec-a", "sub-a1")).toEqual(["item-2", "item-1", "item-3"]);
    expect(itemOf(up, "sec-a", "sub-a1", "item-2")).toBe(itemOf(before, "sec-a", "sub-a1", "item-2"));
    expect(subsectionOf(up, "sec-a", "sub-a2")).toBe(subsectionOf(before, "sec-a", "sub-a2"));
    expect(blockAt(up, "sec-b")).toBe(blockAt(before, "sec-b"));

    const down = reduce(before, { type: "moveItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-2", direction: "down" });
    expect(itemKeys(down, "sec-a", "sub-a1")).toEqual(["item-1", "item-3", "item-2"]);
    expect(itemKeys(before, "sec-a", "sub-a1")).toEqual(["item-1", "item-2", "item-3"]);
  });

  it("cannot move the first item up nor the last item down, and then changes nothing", () => {
    const before = sampleDocument();
    const copy = frozenCopy(before);
    const first = reduce(before, { type: "moveItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-1", direction: "up" });
    const last = reduce(before, { type: "moveItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-3", direction: "down" });
    const only = reduce(before, { type: "moveItem", blockKey: "sec-b", subsectionKey: "sub-b1", itemKey: "item-6", direction: "down" });
    expect(first).toBe(before);
    expect(last).toBe(before);
    expect(only).toBe(before);
    expect(before).toEqual(copy);
  });
});

describe("environment choices", () => {
  it("offers staging and production, then the other environments the document uses, sorted", () => {
    expect(offeredEnvironments(sampleDocument())).toEqual(["staging", "production", "qa"]);
  });

  it("turns all environments on as null, and off as every offered environment", () => {
    expect(environmentsForAll(true, ["staging", "production"])).toBeNull();
    const offered = ["staging", "production"];
    const list = environmentsForAll(false, offered);
    expect(list).toEqual(["staging", "production"]);
    expect(list).not.toBe(offered);
  });

  it("toggles one environment, keeping the offered order", () => {
    const offered = ["staging", "production", "qa"];
    expect(toggleEnvironment(null, "production", false, offered)).toEqual(["staging", "qa"]);
    expect(toggleEnvironment(["qa"], "staging", true, offered)).toEqual(["staging", "qa"]);
    expect(toggleEnvironment(["staging"], "staging", false, offered)).toEqual([]);
    expect(toggleEnvironment(["staging"], "perf", true, offered)).toEqual(["staging", "perf"]);
  });
});

describe("sign-off roles", () => {
  it("adds a new role to the last group", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "setSignoffRole", role: "  Security Engineer ", checked: true, newBlockKey: "unused" });
    expect(signoff(after).groups).toEqual([
      { title: "Development", roles: ["Tech Lead", "QA Lead"] },
      { title: "Operations", roles: ["SRE Lead", "Security Engineer"] },
    ]);
    expect(signoff(after).groups[0]).toBe(signoff(before).groups[0]);
    expect(after.blocks.map((block) => block.key)).toEqual(before.blocks.map((block) => block.key));
    for (const key of ["sec-a", "sec-b", "env", "runbook", "contacts"]) expect(blockAt(after, key)).toBe(blockAt(before, key));
    expect(signoffRoleNames(before)).toEqual(["Tech Lead", "QA Lead", "SRE Lead"]);
  });

  it("does nothing for a role already there (in any case) or a blank role", () => {
    const before = sampleDocument();
    expect(reduce(before, { type: "setSignoffRole", role: "qa lead", checked: true, newBlockKey: "x" })).toBe(before);
    expect(reduce(before, { type: "setSignoffRole", role: "   ", checked: true, newBlockKey: "x" })).toBe(before);
    expect(reduce(before, { type: "setSignoffRole", role: "Nobody", checked: false, newBlockKey: "x" })).toBe(before);
  });

  it("creates a Sign-off block before the contacts when the template has none", () => {
    const base = sampleDocument();
    const before: TemplateDocument = { ...base, blocks: base.blocks.filter((block) => block.kind !== "signoff") };
    const after = reduce(before, { type: "setSignoffRole", role: "Tech Lead", checked: true, newBlockKey: "new-signoff" });
    expect(after.blocks.map((block) => block.key)).toEqual(["sec-a", "sec-b", "env", "runbook", "new-signoff", "contacts"]);
    expect(blockAt(after, "new-signoff")).toEqual({
      kind: "signoff",
      key: "new-signoff",
      title: "Sign-off",
      groups: [{ title: "Sign-off", roles: ["Tech Lead"] }],
    });
  });

  it("creates the Sign-off block at the end when there are no contacts either", () => {
    const base = sampleDocument();
    const before: TemplateDocument = { ...base, blocks: base.blocks.filter((block) => block.kind !== "signoff" && block.kind !== "contacts") };
    const after = reduce(before, { type: "setSignoffRole", role: "Tech Lead", checked: true, newBlockKey: "new-signoff" });
    expect(after.blocks.at(-1)?.key).toBe("new-signoff");
  });

  it("creates a Sign-off group when the sign-off block has no groups", () => {
    const base = sampleDocument();
    const before: TemplateDocument = {
      ...base,
      blocks: base.blocks.map((block) => (block.kind === "signoff" ? { ...block, groups: [] } : block)),
    };
    const after = reduce(before, { type: "setSignoffRole", role: "Tech Lead", checked: true, newBlockKey: "unused" });
    expect(signoff(after).key).toBe("signoff");
    expect(signoff(after).groups).toEqual([{ title: "Sign-off", roles: ["Tech Lead"] }]);
  });

  it("removes a role from its group and from every section's responsible roles", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "setSignoffRole", role: "tech lead", checked: false, newBlockKey: "unused" });
    expect(signoff(after).groups).toEqual([
      { title: "Development", roles: ["QA Lead"] },
      { title: "Operations", roles: ["SRE Lead"] },
    ]);
    expect(section(after, "sec-a").responsibleRoles).toEqual([]);
    expect(section(after, "sec-b").responsibleRoles).toEqual(["SRE Lead"]);
    expect(section(before, "sec-a").responsibleRoles).toEqual(["Tech Lead"]);
    expect(blockAt(after, "env")).toBe(blockAt(before, "env"));
    expect(signoff(after).groups[1]).toBe(signoff(before).groups[1]);
  });

  it("drops a group left empty and keeps sections that did not name the role", () => {
    const before = sampleDocument();
    const after = reduce(before, { type: "setSignoffRole", role: "SRE Lead", checked: false, newBlockKey: "unused" });
    expect(signoff(after).groups).toEqual([{ title: "Development", roles: ["Tech Lead", "QA Lead"] }]);
    expect(blockAt(after, "sec-a")).toBe(blockAt(before, "sec-a"));
    expect(section(after, "sec-b").responsibleRoles).toEqual(["Tech Lead"]);
  });
});

describe("responsible roles", () => {
  it("makes a role responsible for one section, or not", () => {
    const before = sampleDocument();
    const added = reduce(before, { type: "setResponsibleRole", blockKey: "sec-a", role: "QA Lead", checked: true });
    expect(section(added, "sec-a").responsibleRoles).toEqual(["Tech Lead", "QA Lead"]);
    expect(section(added, "sec-a").subsections).toBe(section(before, "sec-a").subsections);
    expect(blockAt(added, "sec-b")).toBe(blockAt(before, "sec-b"));
    expect(section(before, "sec-a").responsibleRoles).toEqual(["Tech Lead"]);

    const removed = reduce(added, { type: "setResponsibleRole", blockKey: "sec-a", role: "Tech Lead", checked: false });
    expect(section(removed, "sec-a").responsibleRoles).toEqual(["QA Lead"]);
    expect(signoff(removed)).toBe(signoff(before));
  });

  it("returns the same document when nothing changes", () => {
    const before = sampleDocument();
    expect(reduce(before, { type: "setResponsibleRole", blockKey: "sec-a", role: "Tech Lead", checked: true })).toBe(before);
    expect(reduce(before, { type: "setResponsibleRole", blockKey: "sec-a", role: "QA Lead", checked: false })).toBe(before);
    expect(reduce(before, { type: "setResponsibleRole", blockKey: "signoff", role: "QA Lead", checked: true })).toBe(before);
  });
});

describe("insert and replace (undo)", () => {
  it("puts a removed item, subsection and section back where they were", () => {
    const before = sampleDocument();
    const removedItem = itemOf(before, "sec-a", "sub-a1", "item-2");
    const withoutItem = reduce(before, { type: "removeItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-2" });
    const restoredItem = reduce(withoutItem, { type: "insertItem", blockKey: "sec-a", subsectionKey: "sub-a1", item: removedItem, index: 1 });
    expect(restoredItem).toEqual(before);
    expect(reduce(before, { type: "insertItem", blockKey: "sec-a", subsectionKey: "sub-a1", item: removedItem, index: 0 })).toBe(before);

    const removedSubsection = subsectionOf(before, "sec-a", "sub-a2");
    const withoutSubsection = reduce(before, { type: "removeSubsection", blockKey: "sec-a", subsectionKey: "sub-a2" });
    expect(reduce(withoutSubsection, { type: "insertSubsection", blockKey: "sec-a", subsection: removedSubsection, index: 1 })).toEqual(before);

    const removedBlock = blockAt(before, "sec-b");
    const withoutBlock = reduce(before, { type: "removeSection", blockKey: "sec-b" });
    expect(reduce(withoutBlock, { type: "insertBlock", block: removedBlock, index: 1 })).toEqual(before);
    expect(reduce(before, { type: "insertBlock", block: removedBlock, index: 0 })).toBe(before);
  });

  it("replaces the whole document", () => {
    const other = { ...sampleDocument(), title: "Other" };
    expect(reduce(sampleDocument(), { type: "replace", document: other })).toBe(other);
  });
});

describe("validateDocument", () => {
  const reference = () => {
    const result = parseTemplateMarkdown(readFileSync(REFERENCE));
    if (!result.ok) throw new Error(`the reference did not parse: ${JSON.stringify(result.errors)}`);
    return result.document;
  };

  it("passes for the reference checklist", () => {
    expect(validateDocument(reference())).toEqual([]);
  });

  it("passes for the sample document, and still after editing it through the reducer", () => {
    expect(validateDocument(sampleDocument())).toEqual([]);
    const edited = reduce(
      sampleDocument(),
      { type: "addItem", blockKey: "sec-a", subsectionKey: "sub-a1", key: newKey() },
      { type: "setSignoffRole", role: "Tech Lead", checked: false, newBlockKey: "x" },
    );
    const added = section(edited, "sec-a").subsections[0]?.items.at(-1);
    if (!added) throw new Error("no item added");
    const titled = reduce(edited, { type: "updateItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: added.key, patch: { title: "New" } });
    expect(validateDocument(titled)).toEqual([]);
  });

  it("reports an empty checklist title at the title field", () => {
    const problems = validateDocument(reduce(reference(), { type: "setTitle", title: "   " }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ fieldId: fieldIds.title, message: "Title is required.", where: "Checklist title" });
    expect(problemsById(problems)).toEqual({ "template-title": "Title is required." });
  });

  it("reports an untitled new item and an untitled new section at their own fields, in reading order", () => {
    const document = reduce(
      sampleDocument(),
      { type: "addSection", key: "new-sec", subsectionKey: "new-sub" },
      { type: "addItem", blockKey: "new-sec", subsectionKey: "new-sub", key: "new-item" },
    );
    const problems = validateDocument(document);
    expect(problems.map((problem) => problem.fieldId)).toEqual([fieldIds.sectionTitle("new-sec"), fieldIds.itemTitle("new-item")]);
    expect(problems[1]?.where).toBe("Item (untitled) in an untitled section");
  });

  it("reports a template without any item", () => {
    const base = sampleDocument();
    const empty: TemplateDocument = { ...base, blocks: base.blocks.filter((block) => block.kind !== "checklist" && block.kind !== "environments") };
    const problems = validateDocument(empty);
    expect(problems).toEqual([{ fieldId: fieldIds.document, message: "A template needs at least one checklist item.", where: "Template" }]);
  });

  it("reports a responsible role that is not a sign-off role", () => {
    const document = reduce(sampleDocument(), { type: "setResponsibleRole", blockKey: "sec-b", role: "Release Manager", checked: true });
    const problems = validateDocument(document);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.fieldId).toBe(fieldIds.document);
    expect(problems[0]?.message).toContain("Release Manager");
    expect(problems[0]?.message).toContain("Deployment");
  });

  it("reports an item with no environment ticked at its environments field", () => {
    const document = reduce(sampleDocument(), {
      type: "updateItem",
      blockKey: "sec-b",
      subsectionKey: "sub-b1",
      itemKey: "item-6",
      patch: { environments: toggleEnvironment(["production"], "production", false, ["staging", "production"]) },
    });
    expect(validateDocument(document)).toEqual([
      {
        fieldId: fieldIds.itemEnvironments("item-6"),
        message: "Choose at least one environment, or All environments.",
        where: "Item “Deploy” in “Deployment”",
      },
    ]);
  });

  it("reports a later subsection without a heading", () => {
    const document = reduce(sampleDocument(), { type: "renameSubsection", blockKey: "sec-a", subsectionKey: "sub-a3", title: " " });
    const problems = validateDocument(document);
    expect(problems.map((problem) => problem.fieldId)).toEqual([fieldIds.subsectionTitle("sub-a3")]);
    expect(problems[0]?.where).toBe("Subsection 3 of “Code Quality”");
  });

  it("reports a too-long command at the command field", () => {
    const document = reduce(sampleDocument(), {
      type: "updateItem",
      blockKey: "sec-a",
      subsectionKey: "sub-a1",
      itemKey: "item-1",
      patch: { command: "x".repeat(2001) },
    });
    expect(problemsById(validateDocument(document))).toEqual({ [fieldIds.itemCommand("item-1")]: "Commands are at most 2000 characters." });
  });

  it("reports two parts sharing a key", () => {
    const document = reduce(sampleDocument(), { type: "addItem", blockKey: "sec-a", subsectionKey: "sub-a1", key: "item-4" });
    const titled = reduce(document, { type: "updateItem", blockKey: "sec-a", subsectionKey: "sub-a1", itemKey: "item-4", patch: { title: "Dup" } });
    expect(validateDocument(titled).map((problem) => problem.fieldId)).toEqual([fieldIds.document]);
  });
});
