import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../lib/audit/canonical-json";
import { db } from "../../lib/db/client";
import { allItems, countTemplate, type TemplateDocument, type TemplateItem } from "../../lib/templates/document";
import { exportTemplate } from "../../lib/templates/export-template";
import { getTemplateVersion } from "../../lib/templates/get-template";
import { importTemplate } from "../../lib/templates/import-template";
import { DEFAULT_PROJECT_ID } from "../../lib/projects/default-project";
import { previewTemplateImport } from "../../lib/templates/preview-template-import";
import { saveTemplateVersion, TemplateConflictError } from "../../lib/templates/save-template-version";
import { ensureDefaultSignoffRoles } from "../../lib/seed/seed-demo";
import { connect, headSeq, readChain } from "../support/audit";
import { setupTestDatabase } from "../support/database";
import { appErrorOf } from "../support/errors";
import { parseOk, randomTemplateName, readReference, stripKeys } from "../support/templates";
import { testContext } from "../support/users";

const context = setupTestDatabase();

beforeAll(async () => {
  await ensureDefaultSignoffRoles();
});

const REFERENCE_COUNTS = { sections: 7, subsections: 20, items: 100, environmentItems: { staging: 9, production: 9 }, signoffRoles: 8, contactRoles: 4 };

const SMALL = [
  "# Small release",
  "",
  "## Build",
  "",
  "### Compile",
  "- [ ] Compile a",
  "- [ ] Compile b",
  "- [ ] Compile c",
  "",
  "### Test",
  "- [ ] Test a",
  "- [ ] Test b",
  "",
  "## Sign-off",
  "",
  "### Team",
  "- [ ] **Tech Lead**: ________ Date: ______",
  "",
].join("\n");

async function eventsFor(templateId: string) {
  return (await readChain()).filter((event) => (event.subject as { id?: string }).id === templateId);
}

async function versionsOf(templateId: string) {
  return db.templateVersion.findMany({ where: { templateId }, orderBy: { version: "asc" }, select: { version: true, document: true, counts: true } });
}

/** Everything a failed call must not have written. */
async function writeState() {
  return { templates: await db.template.count(), versions: await db.templateVersion.count(), roles: await db.signoffRole.count(), head: await headSeq() };
}

const itemKeyByTitle = (document: TemplateDocument) =>
  new Map(allItems(document).map(({ item, block, subsection }) => [`${block.title}|${subsection.title}|${item.title}|${item.command ?? ""}`, item.key]));

async function importSmall(name = randomTemplateName("Small")) {
  const imported = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: SMALL, name });
  const view = await getTemplateVersion(imported.templateId);
  return { imported, view };
}

describe("importTemplate", () => {
  it("creates version 1 with its counts, notices and a template.imported event", async () => {
    const name = randomTemplateName("Reference");
    const markdown = readReference();
    const imported = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown, name, sourceName: "mgit-production-checklist.md" });
    expect(imported).toStrictEqual({ templateId: expect.any(String), version: 1, name, counts: REFERENCE_COUNTS, created: true, unchanged: false });

    const view = await getTemplateVersion(imported.templateId);
    expect(view).toMatchObject({ name, version: 1, latestVersion: 1, counts: REFERENCE_COUNTS, sourceName: "mgit-production-checklist.md" });
    expect(stripKeys(view.document)).toStrictEqual(stripKeys(parseOk(markdown).document));
    expect(view.notices).toStrictEqual(parseOk(markdown).notices);
    expect(view.versions.map((entry) => entry.version)).toStrictEqual([1]);

    const events = await eventsFor(imported.templateId);
    expect(events.map((event) => event.type)).toStrictEqual(["template.imported"]);
    expect(events[0]).toMatchObject({
      subject: { kind: "template", id: imported.templateId, label: name },
      data: { after: { name, version: 1, sourceName: "mgit-production-checklist.md", counts: REFERENCE_COUNTS } },
      actor: { kind: "system" },
    });
  });

  it("takes the name from the first heading when none is given", async () => {
    const title = randomTemplateName("Titled");
    const imported = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: SMALL.replace("# Small release", `# ${title}`) });
    expect(imported).toMatchObject({ name: title, version: 1, created: true });
  });

  it("adds version 2 when the same name is imported with changed content, keeping the keys of unchanged items", async () => {
    const name = randomTemplateName("Reference");
    const markdown = readReference();
    const first = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown, name });
    const v1 = (await getTemplateVersion(first.templateId)).document;
    const headBefore = await headSeq();

    const edited = markdown
      .replace("- [ ] Git tag created for release\n", "- [ ] Git tag created for release\n- [ ] Git tag signed\n")
      .replace("- [ ] Release notes generated\n", "")
      .replace("- [ ] Zero downtime achieved", "- [ ] Zero downtime achieved (blue/green)");
    // Imported under the name in other letter case: the same template.
    const second = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: edited, name: name.toUpperCase(), sourceName: "edited.md" });
    expect(second).toStrictEqual({
      templateId: first.templateId,
      version: 2,
      name,
      counts: { ...REFERENCE_COUNTS, items: 100 },
      created: false,
      unchanged: false,
    });

    const v2 = (await getTemplateVersion(first.templateId)).document;
    expect((await versionsOf(first.templateId)).map((row) => row.version)).toStrictEqual([1, 2]);
    const before = itemKeyByTitle(v1);
    const after = itemKeyByTitle(v2);
    const kept = [...after.keys()].filter((place) => before.has(place));
    expect(kept).toHaveLength(118 - 2);
    for (const place of kept) expect(after.get(place), place).toBe(before.get(place));
    expect(v2.blocks.map((block) => block.key)).toStrictEqual(v1.blocks.map((block) => block.key));
    // Version 1 is untouched.
    expect(canonicalJson((await getTemplateVersion(first.templateId, 1)).document)).toBe(canonicalJson(v1));

    const events = (await readChain(undefined, headBefore)).filter((event) => (event.subject as { id: string }).id === first.templateId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "template.version_created",
      subject: { kind: "template", id: first.templateId, label: name },
      // A reworded item is a new item on re-import: its key is not carried.
      data: { before: { version: 1 }, after: { version: 2, counts: { ...REFERENCE_COUNTS, items: 100 } }, changes: { added: 2, removed: 2, changed: 0, moved: 0 } },
    });
  });

  it("writes nothing when the same content is imported again", async () => {
    const name = randomTemplateName("Reference");
    const first = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: readReference(), name });
    const before = await writeState();
    const again = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: readReference(), name, sourceName: "again.md" });
    expect(again).toStrictEqual({ templateId: first.templateId, version: 1, name, counts: REFERENCE_COUNTS, created: false, unchanged: true });
    expect(await writeState()).toStrictEqual(before);
  });

  // Bug (lib/templates/carry-keys.ts, carryKeys): see tests/unit/template-diff.test.ts.
  // Two items with the same title in one subsection lose a key on re-import, so the
  // same content is stored again as a new version with a template.version_created event.
  it("regression: writes nothing when the same content with a repeated item title is imported again", async () => {
    const name = randomTemplateName("Repeated");
    const markdown = "# Repeated\n\n## Checks\n\n- [ ] Announce\n- [ ] Deploy\n- [ ] Announce\n";
    await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown, name });
    const before = await writeState();
    const again = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown, name });
    expect(again).toMatchObject({ version: 1, unchanged: true });
    expect(await writeState()).toStrictEqual(before);
  });

  it.each([
    ["binary data", "# T\n\n- [ ] a\u0000b\n", 3, /binary data/],
    ["raw HTML in an item", "# T\n\n## S\n\n- [ ] <img src=x onerror=alert(1)>\n", 5, /contains HTML/],
    ["a javascript: link", "# T\n\n## S\n\n- [ ] ok\n- [ ] [x](javascript:alert(1))\n", 6, /"javascript:" address/],
    ["no checklist items", "# T\n\nJust prose.\n", 1, /No checklist items were found/],
    ["lists nested too deep", "# T\n\n- [ ] a\n  - [ ] b\n    - [ ] c\n      - [ ] d\n", 6, /nested more than 3 levels/],
  ])("refuses %s with BAD_REQUEST naming the line, writing nothing", async (_name, markdown, line, message) => {
    const name = randomTemplateName("Bad");
    const before = await writeState();
    const error = await appErrorOf(importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown, name }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message.startsWith(`Line ${line}: `), error.message).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.fieldErrors?.markdown).toStrictEqual([error.message]);
    expect(await db.template.count({ where: { name } })).toBe(0);
    expect(await writeState()).toStrictEqual(before);
  });

  it("refuses bad content for an existing template too, leaving its versions alone", async () => {
    const { imported } = await importSmall();
    const before = await writeState();
    const error = await appErrorOf(importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: "# Small\n\n- [ ] <b>x</b>\n", name: imported.name }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^Line 3: /);
    expect(await writeState()).toStrictEqual(before);
  });

  it("creates the sign-off roles a template names that do not exist, each with its event, and reuses existing ones", async () => {
    const suffix = randomTemplateName("").trim();
    const newRoles = [`Release Wizard ${suffix}`, `Change Board ${suffix}`];
    const markdown = `# Roles\n\n## Checks\n\n- [ ] Ready\n\n## Sign-off\n\n${["Tech Lead", ...newRoles].map((role) => `- [ ] **${role}**: ______ Date: ____`).join("\n")}\n`;
    const headBefore = await headSeq();
    const techLeads = await db.signoffRole.count({ where: { name: { equals: "tech lead", mode: "insensitive" } } });
    expect(techLeads).toBe(1);

    const imported = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown, name: randomTemplateName("Roles") });
    for (const role of newRoles) {
      expect(await db.signoffRole.findUnique({ where: { name: role }, select: { key: true } }), role).toStrictEqual({
        key: role.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      });
    }
    expect(await db.signoffRole.count({ where: { name: { equals: "tech lead", mode: "insensitive" } } })).toBe(1);

    const events = await readChain(undefined, headBefore);
    expect(events.map((event) => [event.type, (event.subject as { label: string }).label])).toStrictEqual([
      ["signoff_role.created", newRoles[0]],
      ["signoff_role.created", newRoles[1]],
      ["template.imported", imported.name],
    ]);
  });

  // Regression: a role whose name differs from an existing one only in punctuation
  // ("Tech-Lead" vs "Tech Lead") used to get the same key, and the unique violation
  // was misreported as 'A template named "…" already exists'. It now gets its own key.
  it("regression: imports a template whose new sign-off role's key would clash with an existing role", async () => {
    const name = randomTemplateName("Clash");
    const markdown = "# Clash\n\n## Checks\n\n- [ ] Ready\n\n## Sign-off\n\n- [ ] **Tech-Lead**: ______ Date: ____\n";
    const imported = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown, name });
    expect(imported.created).toBe(true);
    expect(await db.template.count({ where: { name } })).toBe(1);
    const roles = await db.signoffRole.findMany({ where: { name: { in: ["Tech Lead", "Tech-Lead"] } }, select: { key: true, name: true } });
    expect(new Set(roles.map((role) => role.key)).size).toBe(roles.length);
    expect(roles.map((role) => role.name)).toContain("Tech-Lead");
  });
});

describe("saveTemplateVersion", () => {
  /** Rewords Compile a, removes Compile b, moves Test b to the end of Compile, adds Lint to Test. */
  function edit(document: TemplateDocument, lintKey = "lint-item"): TemplateDocument {
    const next = structuredClone(document);
    const build = next.blocks[0];
    if (build?.kind !== "checklist") throw new Error("expected the Build checklist first");
    const [compile, test] = build.subsections;
    const [compileA, , compileC] = compile!.items;
    const [testA, testB] = test!.items;
    compile!.items = [{ ...compileA!, title: "Compile a for every target" }, compileC!, testB!];
    test!.items = [testA!, { key: lintKey, title: "Lint", required: true, environments: null } satisfies TemplateItem];
    return next;
  }

  it("saves version 2 from the right base version, with a template.version_created event counting the changes", async () => {
    const { imported, view } = await importSmall();
    const headBefore = await headSeq();
    const document = edit(view.document);

    expect(await saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: 1, document })).toStrictEqual({ version: 2, unchanged: false });

    const saved = await getTemplateVersion(imported.templateId);
    expect(saved.version).toBe(2);
    expect(canonicalJson(saved.document)).toBe(canonicalJson(document));
    expect(saved.counts).toStrictEqual(countTemplate(document));
    const events = await readChain(undefined, headBefore);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "template.version_created",
      subject: { kind: "template", id: imported.templateId, label: imported.name },
      data: { before: { version: 1 }, after: { version: 2, counts: countTemplate(document) }, changes: { added: 1, removed: 1, changed: 1, moved: 1 } },
    });
  });

  it("writes nothing when the document is the same as the latest version", async () => {
    const { imported, view } = await importSmall();
    const before = await writeState();
    expect(await saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: 1, document: view.document })).toStrictEqual({
      version: 1,
      unchanged: true,
    });
    expect(await writeState()).toStrictEqual(before);
  });

  it("lets exactly one of two saves racing from the same base version win; the other gets CONFLICT and nothing is lost", async () => {
    const { imported, view } = await importSmall();
    let latest = view;
    for (let round = 1; round <= 3; round += 1) {
      const headBefore = await headSeq();
      const mine = edit(latest.document, `lint-${round}`);
      const theirs = structuredClone(latest.document);
      const build = theirs.blocks[0];
      if (build?.kind !== "checklist") throw new Error("expected the Build checklist first");
      build.subsections[0]!.items.push({ key: `theirs-${round}`, title: `Their item ${round}`, required: false, environments: null });

      const outcomes = await Promise.allSettled([
        saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: latest.version, document: mine }),
        saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: latest.version, document: theirs }),
      ]);
      const won = outcomes.flatMap((outcome, index) => (outcome.status === "fulfilled" ? [index] : []));
      expect(won, `round ${round}`).toHaveLength(1);
      const winner = won[0]!;
      expect(outcomes[winner]).toStrictEqual({ status: "fulfilled", value: { version: latest.version + 1, unchanged: false } });
      const loser = outcomes[1 - winner];
      expect(loser?.status).toBe("rejected");
      const error = (loser as PromiseRejectedResult).reason as TemplateConflictError;
      expect(error).toBeInstanceOf(TemplateConflictError);
      expect(error.code).toBe("CONFLICT");
      expect(error.latestVersion).toBe(latest.version + 1);

      // The winner's version is stored whole; there is no third version; one event.
      const rows = await versionsOf(imported.templateId);
      expect(rows.map((row) => row.version)).toStrictEqual(Array.from({ length: latest.version + 1 }, (_, index) => index + 1));
      const stored = await getTemplateVersion(imported.templateId);
      expect(canonicalJson(stored.document)).toBe(canonicalJson([mine, theirs][winner]));
      expect((await readChain(undefined, headBefore)).map((event) => event.type)).toStrictEqual(["template.version_created"]);
      latest = stored;
    }
  });

  it("refuses a stale base version with CONFLICT, writing nothing", async () => {
    const { imported, view } = await importSmall();
    await saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: 1, document: edit(view.document) });
    const before = await writeState();
    const stale = structuredClone(view.document);
    stale.title = "Stale edit";
    const error = await appErrorOf(saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: 1, document: stale }));
    expect(error).toBeInstanceOf(TemplateConflictError);
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/^Someone saved version 2 of this template while you were editing\./);
    expect(await writeState()).toStrictEqual(before);
    expect((await getTemplateVersion(imported.templateId)).document.title).toBe("Small release");
  });

  it.each([
    [
      "duplicate keys",
      (document: TemplateDocument) => {
        const build = document.blocks[0]!;
        if (build.kind === "checklist") build.subsections[0]!.items[1]!.key = build.subsections[0]!.items[0]!.key;
      },
      /share an id/,
    ],
    [
      "no items",
      (document: TemplateDocument) => {
        for (const block of document.blocks) if (block.kind === "checklist") for (const subsection of block.subsections) subsection.items = [];
      },
      /at least one checklist item/,
    ],
    [
      "unknown responsible roles",
      (document: TemplateDocument) => {
        const build = document.blocks[0]!;
        if (build.kind === "checklist") build.responsibleRoles = ["Tech Lead", "Chief Vibes Officer"];
      },
      /not sign-off roles of the template: Chief Vibes Officer\.$/,
    ],
  ])("refuses a document with %s with BAD_REQUEST, writing nothing", async (_name, spoil, message) => {
    const { imported, view } = await importSmall();
    const document = structuredClone(view.document);
    spoil(document);
    const before = await writeState();
    const error = await appErrorOf(saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: 1, document }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await writeState()).toStrictEqual(before);
  });

  it("accepts responsible roles that are sign-off roles of the template", async () => {
    const { imported, view } = await importSmall();
    const document = structuredClone(view.document);
    const build = document.blocks[0]!;
    if (build.kind === "checklist") build.responsibleRoles = ["Tech Lead"];
    expect(await saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: 1, document })).toStrictEqual({ version: 2, unchanged: false });
  });

  it("answers NOT_FOUND for an unknown template", async () => {
    const { view } = await importSmall();
    const error = await appErrorOf(saveTemplateVersion(testContext(), { templateId: "00000000-0000-4000-8000-000000000000", baseVersion: 1, document: view.document }));
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("template versions are immutable for the runtime role", () => {
  let client: pg.Client;
  let templateId: string;
  beforeAll(async () => {
    templateId = (await importSmall()).imported.templateId;
    client = await connect(context.database.appUrl);
  });
  afterAll(async () => {
    await client?.end();
  });

  it.each([
    ["UPDATE", "UPDATE template_versions SET document = '{}'::jsonb"],
    ["DELETE", "DELETE FROM template_versions"],
    ["TRUNCATE", "TRUNCATE template_versions"],
  ])("is refused %s (permission denied)", async (_operation, sql) => {
    const before = canonicalJson((await getTemplateVersion(templateId)).document);
    await expect(client.query(sql)).rejects.toThrow(/^permission denied for table template_versions/);
    expect(canonicalJson((await getTemplateVersion(templateId)).document)).toBe(before);
  });

  it("is refused UPDATE and DELETE through the application's Prisma client too", async () => {
    await expect(db.$executeRawUnsafe("UPDATE template_versions SET version = version + 100")).rejects.toThrow(/permission denied/);
    await expect(db.templateVersion.deleteMany({ where: { templateId } })).rejects.toThrow(/permission denied/);
    expect((await versionsOf(templateId)).map((row) => row.version)).toStrictEqual([1]);
  });
});

describe("exportTemplate", () => {
  it("exports Markdown that re-imports to the same structure, and as the same version under the same name", async () => {
    const name = `Reference Export ${randomTemplateName("").trim()}`;
    const imported = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: readReference(), name });
    const stored = await getTemplateVersion(imported.templateId);

    const exported = await exportTemplate(imported.templateId);
    expect(exported.fileName).toBe(`${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-v1.md`);
    const reparsed = previewTemplateImport(exported.markdown);
    expect(reparsed.ok).toBe(true);
    if (!reparsed.ok) return;
    expect(stripKeys(reparsed.document)).toStrictEqual(stripKeys(stored.document));
    expect(reparsed.counts).toStrictEqual(REFERENCE_COUNTS);

    const before = await writeState();
    const again = await importTemplate(testContext(), { projectId: DEFAULT_PROJECT_ID, markdown: exported.markdown, name });
    expect(again).toMatchObject({ templateId: imported.templateId, version: 1, unchanged: true });
    expect(await writeState()).toStrictEqual(before);
  });

  it("exports an older version on request, and answers NOT_FOUND for unknown ones", async () => {
    const { imported, view } = await importSmall();
    const document = structuredClone(view.document);
    document.title = "Small release, revised";
    await saveTemplateVersion(testContext(), { templateId: imported.templateId, baseVersion: 1, document });
    expect((await exportTemplate(imported.templateId, 1)).markdown.split("\n")[0]).toBe("# Small release");
    expect((await exportTemplate(imported.templateId)).markdown.split("\n")[0]).toBe("# Small release, revised");
    expect((await appErrorOf(exportTemplate(imported.templateId, 3))).code).toBe("NOT_FOUND");
    expect((await appErrorOf(exportTemplate("00000000-0000-4000-8000-000000000000"))).code).toBe("NOT_FOUND");
    expect((await appErrorOf(exportTemplate("not-a-uuid"))).code).toBe("NOT_FOUND");
  });
});
