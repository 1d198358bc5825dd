import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allItems, countTemplate, type TemplateBlock, type TemplateDocument } from "../../lib/templates/document";
import { parseTemplateMarkdown } from "../../lib/templates/parse-markdown";
import {
  goldenPath,
  parseOk,
  readFixture,
  readReference,
  REFERENCE_PATH,
  SHARED_DIR,
  sharedExists,
  stripKeys,
  templateSources,
} from "../support/templates";

/**
 * The importer on the reference checklist and the fixtures: the whole result
 * against golden files (keys stripped, since they are random per parse), and
 * the facts a person checks, asserted one by one so a golden file regenerated
 * by mistake cannot hide a regression.
 *
 * Golden files change only with UPDATE_GOLDEN=1 (review the diff before committing).
 */

const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

function snapshotOf(markdown: string) {
  const { document, notices } = parseOk(markdown);
  // Through JSON, as the golden file is: no undefined properties on either side.
  return JSON.parse(JSON.stringify({ counts: countTemplate(document), notices, document: stripKeys(document) })) as unknown;
}

const blocksOf = <K extends TemplateBlock["kind"]>(document: TemplateDocument, kind: K) =>
  document.blocks.filter((block): block is Extract<TemplateBlock, { kind: K }> => block.kind === kind);

function only<T>(values: T[]): T {
  expect(values).toHaveLength(1);
  return values[0]!;
}

describe("golden files", () => {
  for (const source of templateSources()) {
    it(`${source.name}: document (keys stripped), counts and notices match ${path.basename(goldenPath(source.name))}`, () => {
      const actual = snapshotOf(readFileSync(source.file, "utf8"));
      const golden = goldenPath(source.name);
      if (UPDATE_GOLDEN) {
        writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
        return;
      }
      expect(existsSync(golden), `${golden} is missing; review the parser output and run with UPDATE_GOLDEN=1 to create it`).toBe(true);
      expect(actual).toStrictEqual(JSON.parse(readFileSync(golden, "utf8")));
    });
  }

  // sha256 of the originals in shared/ (fixtures/ and reference/) when they were copied.
  const ORIGINAL_SHA256: Record<string, string> = {
    "release-checklist-issue-template.md": "46ec0473a705dc3b98761946deaa6491a0f83388c4fb266734713977090ea1c6",
    "release-plan-template.md": "791da91db73fd0b69b4754a75b6e2717eaf7812e510eb8fc2c6e513d360e2376",
    "mgit-production-checklist.md": "a9e6dc40c8982dfd3132046ebb540422e0fe264d5f887dccfa7de8e2406c5482",
  };

  it("the copied inputs are byte for byte the shared originals (and equal shared/ when it is beside the repository)", () => {
    for (const source of templateSources()) {
      const bytes = readFileSync(source.file);
      expect(createHash("sha256").update(bytes).digest("hex"), source.file).toBe(ORIGINAL_SHA256[path.basename(source.file)]);
      if (sharedExists()) expect(bytes.equals(readFileSync(path.resolve(SHARED_DIR, source.sharedPath))), source.file).toBe(true);
    }
  });
});

describe("the reference checklist", () => {
  const { document, notices } = parseOk(readReference());

  it("has the title and introduction of the file", () => {
    expect(document.title).toBe("mgit Production Deployment Checklist");
    expect(document.description).toBe("This checklist ensures all deployment requirements are met before releasing mgit to production environments.");
  });

  it("counts 7 sections, 20 subsections, 100 items, 9 + 9 environment items, 8 sign-off and 4 contact roles", () => {
    expect(countTemplate(document)).toStrictEqual({
      sections: 7,
      subsections: 20,
      items: 100,
      environmentItems: { staging: 9, production: 9 },
      signoffRoles: 8,
      contactRoles: 4,
    });
  });

  it("keeps the blocks in the file's order, each of the right kind", () => {
    expect(document.blocks.map((block) => [block.kind, block.title])).toStrictEqual([
      ["checklist", "Pre-deployment Validation"],
      ["checklist", "Environment Preparation"],
      ["checklist", "Deployment Execution"],
      ["checklist", "Monitoring & Validation"],
      ["checklist", "Documentation & Communication"],
      ["checklist", "Rollback Readiness"],
      ["environments", "Environment-Specific Checklists"],
      ["runbook", "Rollback Procedures"],
      ["checklist", "Success Criteria"],
      ["signoff", "Sign-off"],
      ["contacts", "Emergency Contacts"],
    ]);
  });

  it("has the 20 checklist subsections with their item counts, and 100 checklist items", () => {
    const checklists = blocksOf(document, "checklist");
    expect(checklists).toHaveLength(7);
    const subsections = checklists.flatMap((block) => block.subsections.map((subsection) => [subsection.title, subsection.items.length]));
    expect(subsections).toStrictEqual([
      ["Code Quality", 5],
      ["Documentation", 5],
      ["Version Management", 4],
      ["Container Readiness", 5],
      ["Staging Environment", 5],
      ["Production Infrastructure", 5],
      ["Security Configuration", 5],
      ["Monitoring & Observability", 5],
      ["Pre-deployment Steps", 5],
      ["Deployment Process", 6],
      ["Post-deployment Verification", 5],
      ["Application Health", 5],
      ["Business Metrics", 5],
      ["Security Verification", 5],
      ["Release Documentation", 5],
      ["Team Communication", 5],
      ["Rollback Preparation", 5],
      ["Rollback Triggers", 5],
      ["Technical Metrics", 5],
      ["Business Metrics", 5],
    ]);
    expect(subsections.reduce((sum, [, count]) => sum + Number(count), 0)).toBe(100);
    expect(checklists.every((block) => block.note === undefined && block.responsibleRoles.length === 0)).toBe(true);
  });

  it("has no ✅ (or any other decoration) left in a title", () => {
    const titles = [
      document.title,
      ...document.blocks.map((block) => block.title),
      ...document.blocks.flatMap((block) => ("subsections" in block ? block.subsections.map((subsection) => subsection.title) : [])),
      ...allItems(document).map(({ item }) => item.title),
    ];
    expect(titles.filter((title) => /✅|\p{Extended_Pictographic}/u.test(title))).toStrictEqual([]);
    expect(titles.filter((title) => title !== title.trim())).toStrictEqual([]);
  });

  it("keeps item wording and marks only the three '(if …)' items optional", () => {
    const items = blocksOf(document, "checklist").flatMap((block) => block.subsections.flatMap((subsection) => subsection.items));
    expect(items[0]).toStrictEqual({ key: expect.any(String), title: "All tests pass (unit, integration, security)", required: true, environments: null });
    expect(items.filter((item) => !item.required).map((item) => item.title)).toStrictEqual([
      "Migration guide available (if breaking changes)",
      "Service mesh configured (if applicable)",
      "Database migrations executed (if applicable)",
    ]);
    expect(items.every((item) => item.environments === null && item.phase === undefined && item.command === undefined)).toBe(true);
  });

  it("turns the □ lines in code blocks into 9 staging and 9 production items with phases and commands", () => {
    const environments = only(blocksOf(document, "environments"));
    const shape = environments.subsections.map((subsection) => ({
      title: subsection.title,
      items: subsection.items.map((item) => [item.phase, item.title, item.command ?? null, item.environments, item.required]),
    }));
    const staging = ["staging"];
    const production = ["production"];
    expect(shape).toStrictEqual([
      {
        title: "Staging Deployment",
        items: [
          ["Pre-deployment", "Run deployment script in dry-run mode", null, staging, true],
          ["Pre-deployment", "Verify staging environment resources", null, staging, true],
          ["Pre-deployment", "Check configuration differences", null, staging, true],
          ["Deployment", "Execute", "./scripts/deploy.sh --environment staging --version X.Y.Z", staging, true],
          ["Deployment", "Monitor deployment logs", null, staging, true],
          ["Deployment", "Verify health checks", null, staging, true],
          ["Validation", "Run smoke tests", null, staging, true],
          ["Validation", "Check monitoring dashboards", null, staging, true],
          ["Validation", "Verify integrations", null, staging, true],
        ],
      },
      {
        title: "Production Deployment",
        items: [
          ["Pre-deployment", "Complete staging validation", null, production, true],
          ["Pre-deployment", "Schedule maintenance window", null, production, true],
          ["Pre-deployment", "Notify stakeholders", null, production, true],
          ["Deployment", "Execute", "./scripts/deploy.sh --environment production --version X.Y.Z", production, true],
          ["Deployment", "Monitor closely for 30 minutes", null, production, true],
          ["Deployment", "Verify business metrics", null, production, true],
          ["Post-deployment", "Update status page", null, production, true],
          ["Post-deployment", "Monitor for 24 hours", null, production, true],
          ["Post-deployment", "Collect feedback", null, production, true],
        ],
      },
    ]);
  });

  it("keeps 'Rollback Procedures' as a runbook with the automatic triggers and the manual commands", () => {
    const runbook = only(blocksOf(document, "runbook"));
    expect(runbook.title).toBe("Rollback Procedures");
    for (const line of [
      "### Automatic Rollback Triggers",
      "- Health checks failing for > 5 minutes",
      "- Error rate exceeding 5% for > 2 minutes",
      "- Response time > 10x baseline for > 1 minute",
      "### Manual Rollback Process",
      "./scripts/rollback.sh --environment production --force",
      "kubectl get pods -n mgit-production",
      "./scripts/verify-deployment.sh --environment production",
    ]) {
      expect(runbook.markdown.split("\n"), line).toContain(line);
    }
    // The runbook's lines are not checklist items: they belong to no checklist.
    expect(allItems(document).some(({ item }) => /rollback\.sh|Health checks failing/.test(item.title))).toBe(false);
  });

  it("has 8 sign-off roles in the 3 groups", () => {
    expect(only(blocksOf(document, "signoff")).groups).toStrictEqual([
      { title: "Development Team", roles: ["Tech Lead", "DevOps Engineer", "QA Lead"] },
      { title: "Operations Team", roles: ["SRE Lead", "Security Engineer", "Platform Lead"] },
      { title: "Business Stakeholders", roles: ["Product Manager", "Engineering Manager"] },
    ]);
  });

  it("has the 4 emergency contact roles and the table's columns", () => {
    const contacts = only(blocksOf(document, "contacts"));
    expect(contacts.columns).toStrictEqual(["Role", "Name", "Phone", "Email"]);
    expect(contacts.roles).toStrictEqual(["On-call Engineer", "DevOps Lead", "Security Lead", "Product Manager"]);
  });

  it("keeps the closing note", () => {
    expect(document.closingNote).toBe(
      "**Note**: This checklist should be completed for every production deployment. Keep a copy of the completed checklist for audit and post-mortem purposes.",
    );
  });

  it("reports what it guessed, line by line", () => {
    expect(notices.map((notice) => notice.line)).toStrictEqual([19, 47, 74, 145, 163, 181, 214, 232]);
    expect(notices[3]?.message).toMatch(/staging environment/);
    expect(notices[6]?.message).toBe('"Sign-off" became the template\'s sign-off roles (8 roles in 3 group(s)).');
  });
});

describe("fixture: release-checklist-issue-template.md (front matter, emoji headings, GO / NO GO)", () => {
  const markdown = readFixture("release-checklist-issue-template");
  const { document, notices } = parseOk(markdown);

  it("ignores the YAML front matter, with a notice naming its lines", () => {
    expect(notices).toContainEqual({ line: 1, message: "Front matter (lines 1–7) was ignored." });
    const json = JSON.stringify(document);
    for (const fromFrontMatter of ["Final pre-release verification", "Release Checklist", "assignees", "labels", "[Version]"]) {
      expect(json, fromFrontMatter).not.toContain(fromFrontMatter);
    }
  });

  it("names the template after its first section, saying so, since there is no level-1 heading", () => {
    expect(document.title).toBe("Objective");
    expect(notices).toContainEqual({ line: 1, message: `The file has no level-1 heading; the template is titled "${document.title}".` });
  });

  it("keeps the Objective as a note, strips the emoji from headings", () => {
    expect(document.blocks.map((block) => [block.kind, block.title])).toStrictEqual([
      ["note", "Objective"],
      ["checklist", "Checklist"],
      ["decision", "Conclusion"],
    ]);
    expect(document.blocks[0]).toMatchObject({
      kind: "note",
      markdown: "Perform final verification before executing the release to ensure quality and completeness.",
    });
  });

  it("turns the numbered subsections into 13 items", () => {
    const checklist = only(blocksOf(document, "checklist"));
    expect(checklist.subsections.map((subsection) => [subsection.title, subsection.items.length])).toStrictEqual([
      ["1. Operation Check", 3],
      ["2. Quality & Security", 3],
      ["3. Documentation", 3],
      ["4. Artifacts", 2],
      ["5. Version Control", 2],
    ]);
    expect(countTemplate(document)).toStrictEqual({ sections: 1, subsections: 5, items: 13, environmentItems: {}, signoffRoles: 0, contactRoles: 0 });
  });

  it("recognises the GO / NO GO pair as a decision, not as items to tick", () => {
    const decision = only(blocksOf(document, "decision"));
    expect(decision.options).toStrictEqual([
      { label: "GO", description: "Ready for Release" },
      { label: "NO GO", description: "Release Aborted (Reason: )" },
    ]);
    expect(allItems(document).some(({ item }) => /\bGO\b/.test(item.title))).toBe(false);
    expect(notices).toContainEqual({ line: 43, message: '"Conclusion" was recognised as a GO / NO GO decision, not items to tick.' });
  });
});

describe("fixture: release-plan-template.md ({{placeholders}}, prose sections, items under H2)", () => {
  const markdown = readFixture("release-plan-template");
  const { document, notices } = parseOk(markdown);

  it("keeps every {{placeholder}} as literal text", () => {
    const inSource = new Set(markdown.match(/\{\{[a-z_]+\}\}/g));
    expect(inSource.size).toBeGreaterThan(10);
    const inDocument = new Set(JSON.stringify(document).match(/\{\{[a-z_]+\}\}/g));
    expect(inDocument).toStrictEqual(inSource);
    expect(allItems(document).map(({ item }) => item.title)).toContain("Tag created: `{{tag_name}}`");
  });

  it("keeps Metadata, How To Use and Exit Criteria as notes, their plain bullets untouched", () => {
    const notes = blocksOf(document, "note");
    expect(notes.map((note) => note.title)).toStrictEqual(["Metadata", "How To Use", "Exit Criteria"]);
    expect(notes[0]?.markdown).toBe(
      "- Milestone: `{{milestone}}`\n- Version: `{{version}}`\n- Release date: `{{release_date}}`\n- Release manager: `{{release_manager}}`",
    );
    expect(notes[2]?.markdown.split("\n")).toStrictEqual([
      "- Tag and GitHub Release are published and accessible.",
      "- Verification completed with no unknown critical failures.",
      "- Communication links captured.",
    ]);
    expect(notices.map((notice) => notice.line)).toStrictEqual([3, 9, 43]);
  });

  it("puts the items that sit directly under each H2 in one untitled subsection", () => {
    expect(document.title).toBe("Release Process Template");
    const checklists = blocksOf(document, "checklist");
    expect(checklists.map((block) => [block.title, block.subsections.map((subsection) => [subsection.title, subsection.items.length])])).toStrictEqual([
      ["1) Release Readiness", [["", 3]]],
      ["2) Branch And Tag Preparation", [["", 5]]],
      ["3) GitHub Release Steps", [["", 5]]],
      ["4) Verification", [["", 3]]],
      ["5) Communication", [["", 3]]],
    ]);
    expect(countTemplate(document)).toStrictEqual({ sections: 5, subsections: 0, items: 19, environmentItems: {}, signoffRoles: 0, contactRoles: 0 });
  });
});

describe("parseTemplateMarkdown input forms", () => {
  it("gives the same structure for a string and for its UTF-8 bytes", () => {
    const markdown = readReference();
    const fromText = parseOk(markdown);
    const fromBytes = parseOk(readFileSync(REFERENCE_PATH));
    expect(stripKeys(fromBytes.document)).toStrictEqual(stripKeys(fromText.document));
    expect(fromBytes.notices).toStrictEqual(fromText.notices);
  });

  it("ignores a UTF-8 byte order mark", () => {
    const markdown = readReference();
    const withBom = parseOk(`\uFEFF${markdown}`);
    expect(stripKeys(withBom.document)).toStrictEqual(stripKeys(parseOk(markdown).document));
    expect(withBom.document.title.startsWith("\uFEFF")).toBe(false);
  });

  it("gives every block, subsection and item its own key", () => {
    const result = parseTemplateMarkdown(readReference());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const keys = result.document.blocks.flatMap((block) => [
      block.key,
      ...("subsections" in block ? block.subsections.flatMap((subsection) => [subsection.key, ...subsection.items.map((item) => item.key)]) : []),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => /^[a-z0-9-]{1,40}$/.test(key))).toBe(true);
  });
});
