import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countTemplate } from "../../lib/templates/document";
import { renderTemplateMarkdown } from "../../lib/templates/render-markdown";
import { parseOk, readReference, stripKeys, templateSources } from "../support/templates";

/**
 * Markdown -> document -> Markdown -> document keeps the document, for the
 * reference and every fixture; and the reference exports as itself.
 */

describe("parse -> render -> parse", () => {
  for (const source of templateSources()) {
    it(`${source.name}: gives the same document (keys stripped) and the same counts`, () => {
      const first = parseOk(readFileSync(source.file, "utf8")).document;
      const rendered = renderTemplateMarkdown(first);
      const second = parseOk(rendered).document;
      expect(stripKeys(second)).toStrictEqual(stripKeys(first));
      expect(countTemplate(second)).toStrictEqual(countTemplate(first));
    });

    it(`${source.name}: rendering is stable (a second round renders the same Markdown)`, () => {
      const rendered = renderTemplateMarkdown(parseOk(readFileSync(source.file, "utf8")).document);
      expect(renderTemplateMarkdown(parseOk(rendered).document)).toBe(rendered);
    });
  }
});

describe("the reference checklist exported", () => {
  const original = readReference();
  const rendered = renderTemplateMarkdown(parseOk(original).document);
  /** Sign-off blanks are re-drawn at their own lengths: compare any run of underscores as one. */
  const normalise = (line: string) => line.replace(/_+/g, "_");
  // The exporter ends the file with a newline; the reference file has none.
  const linesOf = (text: string) => text.replace(/\n$/, "").split("\n");

  it("equals the original file line by line, except for the lengths of the sign-off underscores", () => {
    const originalLines = linesOf(original);
    const renderedLines = linesOf(rendered);
    expect(renderedLines).toHaveLength(originalLines.length);
    const differing = renderedLines.flatMap((line, index) =>
      normalise(line) === normalise(originalLines[index]!) ? [] : [`${index + 1}: ${JSON.stringify(originalLines[index])} -> ${JSON.stringify(line)}`],
    );
    expect(differing).toStrictEqual([]);
  });

  it("differs from the original only on the 8 sign-off lines", () => {
    const originalLines = linesOf(original);
    const changed = linesOf(rendered).flatMap((line, index) => (line === originalLines[index] ? [] : [index + 1]));
    expect(changed.length).toBeLessThanOrEqual(8);
    for (const line of changed) expect(originalLines[line - 1], `line ${line}`).toMatch(/^- \[ \] \*\*[^*]+\*\*: _+ Date: _+$/);
  });

  it("ends with exactly one newline", () => {
    expect(rendered.endsWith("\n")).toBe(true);
    expect(rendered.endsWith("\n\n")).toBe(false);
  });
});
