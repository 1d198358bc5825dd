import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseTemplateMarkdown } from "../../lib/templates/parse-markdown";
import type { TemplateDocument } from "../../lib/templates/document";

/**
 * Template inputs for the importer tests. The reference checklist is the copy
 * in lib/seed/templates/; the other fixtures are copies (in
 * tests/fixtures/templates/) of shared/fixtures/, so the tests run without
 * shared/ beside the repository. When shared/ is there, a test checks the
 * copies have not drifted from it.
 */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TEMPLATE_FIXTURES_DIR = path.join(repoRoot, "tests/fixtures/templates");
export const REFERENCE_PATH = path.join(repoRoot, "lib/seed/templates/mgit-production-checklist.md");
export const SHARED_DIR = path.resolve(repoRoot, "../shared");

export type TemplateSource = {
  /** File name without ".md"; also names the golden file. */
  name: string;
  file: string;
  /** Where the copy came from, relative to shared/. */
  sharedPath: string;
};

/** The reference plus every Markdown fixture in tests/fixtures/templates/. */
export function templateSources(): TemplateSource[] {
  const fixtures = readdirSync(TEMPLATE_FIXTURES_DIR)
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => ({ name: file.replace(/\.md$/, ""), file: path.join(TEMPLATE_FIXTURES_DIR, file), sharedPath: `fixtures/${file}` }));
  return [{ name: "mgit-production-checklist", file: REFERENCE_PATH, sharedPath: "reference/mgit-production-checklist.md" }, ...fixtures];
}

export const readReference = () => readFileSync(REFERENCE_PATH, "utf8");
export const readFixture = (name: string) => readFileSync(path.join(TEMPLATE_FIXTURES_DIR, `${name}.md`), "utf8");
export const goldenPath = (name: string) => path.join(TEMPLATE_FIXTURES_DIR, `${name}.golden.json`);
export const sharedExists = () => existsSync(SHARED_DIR);

/** The value with every `key` property removed, at any depth: item, subsection and block keys are random per parse. */
export function stripKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([name]) => name !== "key").map(([name, entry]) => [name, stripKeys(entry)]));
  }
  return value;
}

/** Parses Markdown that must be accepted, failing with the parser's errors otherwise. */
export function parseOk(input: string | Uint8Array): { document: TemplateDocument; notices: { line: number; message: string }[] } {
  const result = parseTemplateMarkdown(input);
  if (!result.ok) throw new Error(`expected the Markdown to parse, got ${JSON.stringify(result.errors)}`);
  return { document: result.document, notices: result.notices };
}

/** A fresh template name, so tests sharing a database never collide. */
export function randomTemplateName(prefix = "Template"): string {
  return `${prefix} ${randomBytes(5).toString("hex")}`;
}
