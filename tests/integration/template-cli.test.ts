import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { exportTemplate } from "../../lib/templates/export-template";
import { runCli as runCountersign } from "../support/cli";
import { setupTestDatabase } from "../support/database";
import { randomTemplateName, readReference, REFERENCE_PATH } from "../support/templates";

/**
 * `countersign template import|export` as a person runs it: a child process
 * on the test database (the runtime and owner URLs the app would be given).
 */

const context = setupTestDatabase();

const runCli = (args: string[]) => runCountersign(args, { DATABASE_URL: context.database.appUrl, DATABASE_OWNER_URL: context.database.ownerUrl });

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "countersign-template-cli-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("countersign template (CLI)", { timeout: 60_000 }, () => {
  let templateId: string;

  it("imports the reference and prints exactly the template id and its figures as JSON", async () => {
    const name = randomTemplateName("CLI Reference");
    const result = await runCli(["template", "import", REFERENCE_PATH, "--name", name, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(json)).toStrictEqual(["templateId", "version", "sections", "subsections", "items", "environmentItems", "signoffRoles", "contactRoles"]);
    expect(json).toStrictEqual({
      templateId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      version: 1,
      sections: 7,
      subsections: 20,
      items: 100,
      environmentItems: { staging: 9, production: 9 },
      signoffRoles: 8,
      contactRoles: 4,
    });
    templateId = json.templateId as string;
    expect(await db.template.findUnique({ where: { id: templateId }, select: { name: true } })).toStrictEqual({ name });
    expect(await db.templateVersion.findFirst({ where: { templateId }, select: { sourceName: true } })).toStrictEqual({ sourceName: "mgit-production-checklist.md" });
  });

  it("prints the template as Markdown in the reference layout with `template export <id>`", async () => {
    expect(templateId).toBeDefined();
    const result = await runCli(["template", "export", templateId]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe((await exportTemplate(templateId)).markdown);
    // The reference, apart from the drawn length of the sign-off blanks and the final newline.
    const normalise = (text: string) => text.replace(/_+/g, "_").replace(/\n$/, "");
    expect(normalise(result.stdout)).toBe(normalise(readReference()));
  });

  it("refuses a binary file, exiting non-zero with the file and line in the message, writing nothing", async () => {
    const file = path.join(scratch, "logo.png");
    await writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const before = await db.template.count();
    const result = await runCli(["template", "import", file, "--json"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(`error: ${file}:3: This looks like binary data (it contains NUL bytes), not a Markdown text file.`);
    expect(await db.template.count()).toBe(before);
  });

  it("refuses a missing file with a usage error (exit 2), and an unknown template id on export", async () => {
    const missing = await runCli(["template", "import", path.join(scratch, "nope.md")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read .*nope\.md/);

    const unknown = await runCli(["template", "export", "00000000-0000-4000-8000-000000000000"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("error: Template not found.");
  });
});
