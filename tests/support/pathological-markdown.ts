import fc from "fast-check";

/**
 * Markdown shaped to make a parser recurse or backtrack (docs/decisions/017),
 * for the importer's property test and the reliability suite's fuzzing.
 */

/** A task list nested `levels` deep, two spaces per level. */
export const deepList = (levels: number) => Array.from({ length: levels }, (_, level) => `${"  ".repeat(level)}- [ ] level ${level + 1}`).join("\n");

const repeatTo = (unit: string, length: number) => unit.repeat(Math.max(1, Math.floor(length / unit.length)));

/** Generated shapes known to make Markdown parsers recurse or backtrack, at sizes up to and over the file limit. */
export const pathological = fc.oneof(
  fc.integer({ min: 9, max: 500 }).map((levels) => deepList(levels)),
  fc.integer({ min: 1, max: 60_000 }).map((n) => ">".repeat(n) + " x"),
  fc.integer({ min: 1, max: 200 }).map((n) => Array.from({ length: n }, (_, i) => `${">".repeat(i + 1)} x`).join("\n")),
  fc.tuple(fc.constantFrom("- ", "* ", "1. ", "> ", "- > ", "+ [ ] "), fc.integer({ min: 1, max: 30_000 })).map(([unit, n]) => `${unit.repeat(n)}x`),
  fc.tuple(fc.constantFrom("*a", "*_", "_a", "**a", "~a", "~~a", "[", "[a](", "![", "[a]", "](", "`a", "<", "<a", "&amp;", "\\*", "www.a ", "http://a.b ", "a@b.c ", "|", "*[`<"), fc.integer({ min: 1, max: 200_000 }), fc.constantFrom("", "\n", "\n\n", " ")).map(
    ([unit, length, separator]) => repeatTo(unit + separator, length),
  ),
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 500 })).map(([columns, rows]) => {
    const row = (cell: string) => `|${`${cell}|`.repeat(columns)}\n`;
    return row("h") + row("-") + row("c").repeat(rows);
  }),
  fc.integer({ min: 1, max: 3_000 }).map((n) => Array.from({ length: n }, (_, i) => "`".repeat(i + 1)).join(" x ")),
  fc.integer({ min: 1, max: 5_000 }).map((n) => "```\n".repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => "[a]: http://x\n".repeat(n) + "[a] ".repeat(n)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => "\n".repeat(n)),
);

