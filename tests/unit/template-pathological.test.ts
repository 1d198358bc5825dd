import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../lib/templates/document";
import { PRESCAN_LIMITS } from "../../lib/templates/markdown-prescan";
import { parseTemplateMarkdown } from "../../lib/templates/parse-markdown";
import { deepList, pathological } from "../support/pathological-markdown";

/**
 * Markdown built to make a parser recurse or backtrack (docs/decisions/017):
 * the linear pre-scan refuses it, naming the line, before remark sees it, or
 * it parses. The time of each case is taken only to fail on a blow-up (the
 * old importer spent seconds to minutes, or ran out of heap, on these); it
 * is not a performance figure (those are in bench/).
 */
const BLOWUP_MS = 5_000;

const head = "# Release\n\n## Build\n\n- [ ] Compile\n\n";
const lineCount = (text: string) => text.split("\n").length;

function parseTimed(text: string) {
  const started = performance.now();
  const result = parseTemplateMarkdown(text);
  return { result, ms: performance.now() - started };
}

/** Refused with exactly one problem on a line of the input whose message names a line or the file, or parsed. */
function expectRefusedOrParsed(text: string) {
  const { result, ms } = parseTimed(text);
  expect(ms, `took ${Math.round(ms)} ms`).toBeLessThan(BLOWUP_MS);
  if (!result.ok) {
    expect(result.errors).toHaveLength(1);
    const [problem] = result.errors;
    expect(problem!.line).toBeGreaterThanOrEqual(1);
    expect(problem!.line).toBeLessThanOrEqual(lineCount(text));
    expect(problem!.message).not.toMatch(/stack|RangeError|Maximum call/i);
  }
  return result;
}

function expectRefusedOn(text: string, line: number, message: RegExp) {
  const { result, ms } = parseTimed(text);
  expect(ms, `took ${Math.round(ms)} ms`).toBeLessThan(BLOWUP_MS);
  expect(result).toStrictEqual({ ok: false, errors: [{ line, message: expect.stringMatching(message) }] });
}


describe("the pre-scan's limits, each naming the line", () => {
  it("refuses the issue's case scaled to the size limit: a task list nested 1,000 deep padded to the limit", () => {
    const text = `${head}${deepList(1_000)}\n`;
    expect(text.length).toBeGreaterThan(LIMITS.fileBytes); // 1,000 levels need ~1 MB: refused by size, before anything else
    expectRefusedOn(text, 1, /^The file is 992 KB; the limit is 256 KB\.$/);
    const fits = `${head}${deepList(450)}\n`;
    expect(fits.length).toBeLessThan(LIMITS.fileBytes);
    expectRefusedOn(fits, 6 + PRESCAN_LIMITS.nesting + 1, new RegExp(`^Line ${6 + PRESCAN_LIMITS.nesting + 1} is nested 9 levels deep .*the limit is 8\\.`));
  });

  it("refuses block quotes nested deeper than the limit, in one line or across lines", () => {
    // (no list before them: an open list item would count as one more level)
    expectRefusedOn(`${">".repeat(5_000)} deep\n`, 1, /^Line 1 is nested 5,000 levels deep \(lists and quotes inside each other\); the limit is 8\. Flatten the checklist\.$/);
    expectRefusedOn(`${Array.from({ length: 12 }, (_, level) => `${"> ".repeat(level + 1)}x`).join("\n")}\n`, 9, /^Line 9 is nested 9 levels deep/);
  });

  it("refuses list markers stacked on one line and quotes inside list items", () => {
    expectRefusedOn(`${head}${"- ".repeat(9)}x\n`, 7, /^Line 7 is nested 9 levels deep/);
    expectRefusedOn(`${head}${"1. > ".repeat(5)}x\n`, 7, /^Line 7 is nested 10 levels deep/);
  });

  it("accepts eight levels, thematic breaks of many stars, and deep indentation inside a fenced code block", () => {
    expect(expectRefusedOrParsed(`# Release\n\n${"> ".repeat(8)}quoted\n\n## Build\n\n- [ ] Compile\n`).ok).toBe(true);
    expect(expectRefusedOrParsed(`${head}* * * * * * * * * * * *\n\nAfter the break.\n`).ok).toBe(true);
    const yaml = Array.from({ length: 12 }, (_, level) => `${"  ".repeat(level)}- name: level${level}`).join("\n");
    expect(expectRefusedOrParsed(`${head}## Rollback\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n`).ok).toBe(true);
  });

  it("does not take a fence that remark has closed (the list item ended) as a place to hide nesting", () => {
    expectRefusedOn(`${head}- item\n  \`\`\`\n  code\nafter\n${deepList(10).replace(/\[ \] /g, "")}\n`, 19, /^Line 19 is nested 9 levels deep/);
  });

  it(`refuses more than ${PRESCAN_LIMITS.lines} lines, naming the first line over`, () => {
    expectRefusedOn(`${head}${"\n".repeat(PRESCAN_LIMITS.lines)}`, PRESCAN_LIMITS.lines + 1, /^The file has more than 10,000 lines/);
  });

  it(`refuses a line over ${PRESCAN_LIMITS.lineChars} characters`, () => {
    expectRefusedOn(`${head}${"*a".repeat(50_000)}\n`, 7, /^Line 7 is 100,000 characters long; the limit is 20,000\.$/);
  });

  it(`refuses a paragraph over ${PRESCAN_LIMITS.blockChars} characters, naming where it starts and where it went over`, () => {
    const line = `${"lorem ipsum ".repeat(8)}\n`;
    expectRefusedOn(`${head}${line.repeat(300)}`, 7 + Math.floor(PRESCAN_LIMITS.blockChars / line.length), /^The paragraph starting on line 7 is longer than 20,000 characters/);
  });

  it("refuses dense inline markup per paragraph and per file, but not task checkboxes or fenced code", () => {
    expectRefusedOn(`${head}${"*a_".repeat(1_100)}\n`, 7, /^The paragraph starting on line 7 has more than 2,000 markup characters/);
    expectRefusedOn(`${head}${`${"[a]".repeat(500)}\n\n`.repeat(12)}`, 27, /^The file has more than 10,000 markup characters .* by line 27;/);
    // (task checkboxes: "accepts exactly 2000 items" in template-bad-input.test.ts has 4,000 brackets in one list)
    const code = `## Rollback\n\n\`\`\`\n${"a | b > c && d[0] *x* `y`\n".repeat(500)}\`\`\`\n`;
    expect(expectRefusedOrParsed(`${head}${code}`).ok).toBe(true);
  });
});

describe("pathological Markdown (fast-check)", () => {
  it("is refused with a line-naming problem or parsed, each case without a blow-up, never an exception", { timeout: 300_000 }, () => {
    const outcomes = { parsed: 0, refused: 0 };
    fc.assert(
      fc.property(pathological, fc.constantFrom("prefix", "bare"), (body, where) => {
        const text = where === "prefix" ? `${head}${body}\n` : body;
        const result = expectRefusedOrParsed(text.slice(0, LIMITS.fileBytes));
        outcomes[result.ok ? "parsed" : "refused"] += 1;
      }),
      { numRuns: 40 },
    );
    console.info(`[pathological markdown] ${outcomes.refused} refused, ${outcomes.parsed} parsed`);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
