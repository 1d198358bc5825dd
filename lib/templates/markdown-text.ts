/**
 * The one place text becomes Markdown in the checklist exports (templates and
 * completed releases, lib/templates/render-markdown.ts). Every value is put
 * on a line the renderer starts (`- [x] `, `**Role**: `, `| `, `Note: `), so
 * a value that cannot break the line cannot start a list item, heading,
 * table row or sign-off line; the escapes below keep it from starting an
 * HTML element or a link, or closing the renderer's own markup.
 *
 * - `plainText`: what people type as plain text (reasons, notes, names,
 *   meanings, contact details, evidence link labels). Shown literally.
 * - `markdownText`: template titles, which are inline Markdown by design
 *   (`code`, **bold**): kept, except raw HTML, character references, links
 *   and an unclosed code span.
 * - `codeLine`: a line inside a fenced code block (environment items).
 * - `linkDestination`: an http(s) URL as a link destination.
 * See docs/decisions/016-evidence-export.md.
 */

/** Any line break: CR, LF, NEL, line and paragraph separators, vertical tab, form feed. Single-line fields refuse these at input. */
// eslint-disable-next-line no-control-regex -- detecting line breaks is the point
export const LINE_BREAK = /[\r\n\u000B\u000C\u0085\u2028\u2029]/;

/**
 * Line breaks of every kind (CR, LF, NEL, LS, PS, VT, FF), tabs and other
 * control characters become one space; surrounding space is trimmed. Other
 * Unicode (RTL text, bidi controls, zero-width characters) is kept: it cannot
 * change Markdown structure, and the app shows it the same way.
 */
export function singleLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, " ").trim();
}

/** Characters that mean something inline: escaping them makes each one literal (CommonMark backslash escapes). */
const INLINE_SPECIAL = /[\\`*_[\]<>|~&!]/g;

/**
 * Plain text, shown literally: on one line, every inline-significant
 * character backslash-escaped, and `<` as `&lt;` (a GFM autolink literal such
 * as `https://x` takes a following backslash into its address, which would
 * let the `<` after it open HTML; a character reference cannot).
 */
export function plainText(value: string): string {
  return singleLine(value).replace(INLINE_SPECIAL, (char) => (char === "<" ? "&lt;" : `\\${char}`));
}

/** `<` that would open raw HTML or an autolink (`<b`, `</`, `<!`, `<?`, `<https:`). */
const HTML_OPEN = /<(?=[A-Za-z/!?])/g;
/** `&` that starts a character reference (`&lt;`, `&#106;`): references could spell out markup or a scheme. */
const CHARACTER_REFERENCE = /&(?=#?[A-Za-z0-9]+;)/g;
/** An odd run of backslashes at the end, which would escape whatever the renderer writes next. */
const TRAILING_ESCAPE = /(?<!\\)(?:\\\\)*\\$/;

/**
 * Inline Markdown from a template (a title): on one line; a `<` that would
 * open raw HTML or an autolink becomes `&lt;` and character references are
 * escaped; links are broken into
 * text (`]\(`), so no destination, safe or not, comes from a title; an
 * unclosed backtick run and a trailing backslash are escaped so they cannot
 * open a code span or escape the renderer's markup after the title. Code
 * spans and emphasis are kept as they are.
 */
export function markdownText(value: string): string {
  const text = singleLine(value);
  let out = "";
  let index = 0;
  while (index < text.length) {
    const tick = text.indexOf("`", index);
    const prose = tick === -1 ? text.slice(index) : text.slice(index, tick);
    out += prose.replace(CHARACTER_REFERENCE, "\\&").replace(HTML_OPEN, "&lt;").replaceAll("](", "]\\(");
    if (tick === -1) break;
    let run = tick;
    while (text[run] === "`") run += 1;
    const fence = text.slice(tick, run);
    const close = findRun(text, fence, run);
    if (close === -1) {
      out += fence.replace(/`/g, "\\`");
      index = run;
    } else {
      out += text.slice(tick, close + fence.length);
      index = close + fence.length;
    }
  }
  // The importer reads lines that start `**Role**: … Date:` as sign-off lines and `**GO**` as a decision: a title never starts with `**`.
  out = out.replace(/^\*\*/, "\\*\\*");
  // A title starting "[x]" would read back as a second checkbox, and the importer strips it.
  out = out.replace(/^\[(?=[ xX]\])/, "\\[");
  // A title ending "(staging only)" would read back as restricted to that environment: the renderer alone writes that suffix.
  out = out.replace(/(\([a-z][a-z0-9-]*(?:,\s*[a-z][a-z0-9-]*)* only)\)$/, "$1\\)");
  return TRAILING_ESCAPE.test(out) ? `${out}\\` : out;
}

/** The next backtick run of exactly `fence`'s length at or after `from`, or -1. */
function findRun(text: string, fence: string, from: number): number {
  let at = text.indexOf(fence, from);
  while (at !== -1) {
    let end = at;
    while (text[end] === "`") end += 1;
    if (end - at === fence.length) return at;
    at = text.indexOf(fence, end);
  }
  return -1;
}

/**
 * A line inside a fenced code block: Markdown is not interpreted there and a
 * fence closes only at a line start, so line breaks are what matter. A `<`
 * that looks like a tag gets a zero-width space after it: no renderer treats
 * code as HTML, but the importer refuses tag-like text in checklist lines.
 */
export function codeLine(value: string): string {
  return singleLine(value).replace(/<(?=[A-Za-z!/])/g, "<\u200B");
}

/**
 * An http(s) URL as a link destination `(…)`: normalised by the URL parser
 * (which percent-encodes spaces, quotes and angle brackets), then
 * parentheses and backslashes percent-encoded too so it cannot end the link.
 * Anything else is not a link: null.
 */
export function linkDestination(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.href.replace(/[()\\\s<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** A link whose text is shown literally: `[label](destination)`, or the label alone when the URL is not http(s). */
export function plainLink(label: string, url: string): string {
  const destination = linkDestination(url);
  return destination ? `[${plainText(label)}](${destination})` : plainText(label);
}

/**
 * Text after the renderer's own `**Label**: ` that is not a sign-off (a
 * GO / NO GO description): "Date:" and underscore runs are escaped (they look
 * the same), so the importer never reads the line as a sign-off line. Both
 * mirror the importer's SIGNOFF_LINE (lib/templates/parse-markdown.ts), which
 * takes "Date:" only as a word of its own (`\b`): "exampleDate:" is left as
 * it is, and the importer reads it as text (tests/unit/export-escaping.test.ts).
 */
export function notSignoffShaped(markdown: string): string {
  return markdown.replace(/\bDate:/g, "Date\\:").replace(/_{3,}/g, (run) => run.replaceAll("_", "\\_"));
}
