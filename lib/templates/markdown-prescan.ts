/**
 * The limits a Markdown checklist must meet before remark parses it
 * (docs/decisions/017). One pass over the text, line by line, in time linear
 * in its length and constant memory (plus the list-nesting stack, bounded by
 * the nesting limit): what makes remark (micromark) slow or deeply recursive
 * is refused here, naming the line, so that any input up to the 1 MB size
 * limit is either refused or parsed quickly.
 *
 * - lines: at most PRESCAN_LIMITS.lines;
 * - line length: at most PRESCAN_LIMITS.lineChars characters;
 * - nesting: block quotes (`>`) and list items inside each other, by marker
 *   (`> - > 1. x`) and by indentation, at most PRESCAN_LIMITS.nesting deep;
 * - inline markup: the characters micromark has to pair up (emphasis,
 *   strikethrough, links, images, code spans, autolinks and HTML, table
 *   cells) cost it far more than plain text, superlinearly within one
 *   paragraph; at most PRESCAN_LIMITS.markupPerBlock of them in one block of
 *   consecutive non-blank lines and PRESCAN_LIMITS.markup in the whole file.
 *   Fenced code blocks are not parsed for inline markup and are not counted,
 *   nor is a task item's checkbox (`- [ ]`);
 * - block length: micromark also slows down superlinearly on one long
 *   paragraph of many lines, so a block of consecutive non-blank lines (a
 *   list item starts a new one) holds at most PRESCAN_LIMITS.blockChars
 *   characters, as many as a note may (LIMITS.noteChars): a longer one could
 *   not be imported anyway.
 *
 * The scan errs on the side of counting too much (it does not know every
 * CommonMark rule), never too little: a line it believes to be inside a
 * fenced code block must carry the fence's block-quote markers and
 * indentation, or the scan treats it as Markdown again.
 */

export const PRESCAN_LIMITS = {
  lines: 10_000,
  lineChars: 20_000,
  nesting: 8,
  blockChars: 20_000,
  markupPerBlock: 2_000,
  markup: 10_000,
} as const;

export type PrescanProblem = { line: number; message: string };

const SPACE = 32;
const TAB = 9;
const GT = 62;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TASK_BOX = /^\[[ xX]\](?:[ \t]|$)/;
const MARKUP = new Set(["*", "_", "~", "[", "]", "`", "<", "|", "!"].map((char) => char.charCodeAt(0)));

type OpenItem = { contentColumn: number };
type Fence = { char: number; length: number; quotes: number; column: number };

/** Column after the whitespace starting at `index` (tabs to the next multiple of 4). */
function skipSpace(line: string, index: number, column: number): { index: number; column: number } {
  while (index < line.length) {
    const code = line.charCodeAt(index);
    if (code === SPACE) column += 1;
    else if (code === TAB) column += 4 - (column % 4);
    else break;
    index += 1;
  }
  return { index, column };
}

/** Length of a list marker (`-`, `*`, `+`, `1.`, `1)`) at `index` followed by whitespace or the line's end; 0 if none. */
function listMarker(line: string, index: number): number {
  const code = line.charCodeAt(index);
  let end = index;
  if (code === 45 || code === 42 || code === 43) end = index + 1;
  else {
    while (end < line.length && end - index < 9 && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end += 1;
    if (end === index || (line.charCodeAt(end) !== 46 && line.charCodeAt(end) !== 41)) return 0;
    end += 1;
  }
  if (end < line.length && line.charCodeAt(end) !== SPACE && line.charCodeAt(end) !== TAB) return 0;
  return end - index;
}

/** A fence opener (three or more backticks or tildes) at `index`. */
function fenceAt(line: string, index: number): { char: number; length: number } | null {
  const char = line.charCodeAt(index);
  if (char !== 96 && char !== 126) return null;
  let end = index;
  while (end < line.length && line.charCodeAt(end) === char) end += 1;
  return end - index >= 3 ? { char, length: end - index } : null;
}

const plural = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

export function prescanMarkdown(text: string): PrescanProblem | null {
  const stack: OpenItem[] = [];
  let fence: Fence | null = null;
  let markupTotal = 0;
  let markupBlock = 0;
  let blockChars = 0;
  let blockStart = 1;
  let previousBlank = true;
  let lineNumber = 0;
  let start = 0;

  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNumber += 1;
    if (lineNumber > PRESCAN_LIMITS.lines) {
      return { line: lineNumber, message: `The file has more than ${plural(PRESCAN_LIMITS.lines, "line")}; split it into several templates.` };
    }
    if (end - start > PRESCAN_LIMITS.lineChars) {
      return { line: lineNumber, message: `Line ${lineNumber} is ${(end - start).toLocaleString("en")} characters long; the limit is ${PRESCAN_LIMITS.lineChars.toLocaleString("en")}.` };
    }
    const line = text.slice(start, end);
    start = end + 1;

    // Block-quote markers and the first non-blank column.
    let quotes = 0;
    let position = skipSpace(line, 0, 0);
    while (position.index < line.length && line.charCodeAt(position.index) === GT) {
      quotes += 1;
      position = skipSpace(line, position.index + 1, position.column + 1);
    }
    const blank = position.index >= line.length;

    if (fence) {
      // Still inside the fence only with the fence's quotes and indentation; else the scan reads it as Markdown again.
      if (quotes >= fence.quotes && (blank || position.column >= fence.column || quotes > fence.quotes)) {
        const closing = quotes === fence.quotes ? fenceAt(line, position.index) : null;
        if (closing && closing.char === fence.char && closing.length >= fence.length && line.slice(position.index + closing.length).trim() === "") fence = null;
        continue;
      }
      fence = null;
    }

    if (blank) {
      previousBlank = true;
      continue;
    }

    // A thematic break (`* * *`, `- - -`) looks like list markers but opens nothing.
    if (THEMATIC_BREAK.test(line.slice(position.index))) {
      previousBlank = false;
      continue;
    }

    // List markers at the start of the line, possibly several (`- - x`, `> 1. > - x`).
    let column = position.column;
    let index = position.index;
    let markers = 0;
    for (;;) {
      const marker = listMarker(line, index);
      if (marker === 0) break;
      // An item at this column closes the open items whose content starts to its right.
      if (markers === 0) while (stack.length > 0 && column < stack.at(-1)!.contentColumn) stack.pop();
      markers += 1;
      const after = skipSpace(line, index + marker, column + marker);
      const contentColumn = after.index >= line.length || after.column - column - marker > 4 ? column + marker + 1 : after.column;
      stack.push({ contentColumn });
      if (after.index >= line.length) break;
      ({ index, column } = after);
      // A block quote inside the item: count its markers, keep looking for lists.
      while (index < line.length && line.charCodeAt(index) === GT) {
        quotes += 1;
        ({ index, column } = skipSpace(line, index + 1, column + 1));
      }
    }
    if (markers === 0 && previousBlank) {
      // A paragraph after a blank line closes the items it is not indented into (no lazy continuation after a blank).
      while (stack.length > 0 && column < stack.at(-1)!.contentColumn) stack.pop();
    }
    const depth = quotes + stack.length;
    if (previousBlank || markers > 0) {
      blockStart = lineNumber;
      blockChars = 0;
      markupBlock = 0;
    }
    blockChars += line.length + 1;
    if (blockChars > PRESCAN_LIMITS.blockChars) {
      return {
        line: lineNumber,
        message: `The paragraph starting on line ${blockStart} is longer than ${PRESCAN_LIMITS.blockChars.toLocaleString("en")} characters by line ${lineNumber}; split it with blank lines or shorten it.`,
      };
    }
    if (depth > PRESCAN_LIMITS.nesting) {
      return { line: lineNumber, message: `Line ${lineNumber} is nested ${depth.toLocaleString("en")} levels deep (lists and quotes inside each other); the limit is ${PRESCAN_LIMITS.nesting}. Flatten the checklist.` };
    }
    previousBlank = false;

    const opener = fenceAt(line, index);
    if (opener && !(opener.char === 96 && line.indexOf("`", index + opener.length) >= 0)) {
      fence = { ...opener, quotes, column };
      continue;
    }

    // A task item's checkbox is not inline markup.
    if (markers > 0 && TASK_BOX.test(line.slice(index, index + 4))) index += 3;
    for (let i = index; i < line.length; i += 1) {
      if (!MARKUP.has(line.charCodeAt(i))) continue;
      markupBlock += 1;
      markupTotal += 1;
      if (markupBlock > PRESCAN_LIMITS.markupPerBlock) {
        return {
          line: lineNumber,
          message: `The paragraph starting on line ${blockStart} has more than ${plural(PRESCAN_LIMITS.markupPerBlock, "markup character")} (* _ ~ [ ] \` < | !) by line ${lineNumber}; split it or remove some.`,
        };
      }
      if (markupTotal > PRESCAN_LIMITS.markup) {
        return { line: lineNumber, message: `The file has more than ${plural(PRESCAN_LIMITS.markup, "markup character")} (* _ ~ [ ] \` < | !) by line ${lineNumber}; split it into several templates.` };
      }
    }
  }
  return null;
}
