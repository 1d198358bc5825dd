import type { TemplateBlock, TemplateDocument, TemplateItem, TemplateSubsection } from "./document";
import { codeLine, markdownText, notSignoffShaped, plainLink, plainText } from "./markdown-text";

/**
 * TemplateDocument -> Markdown in the reference checklist's layout. Parsing
 * the result gives the same document (round trip), which the tests check on
 * every fixture. A release export passes `state` to fill in ticks, reasons,
 * evidence, signatures and the footer. Every value goes through
 * ./markdown-text.ts (plain text escaped, template titles kept as inline
 * Markdown without HTML), so none can add a line of its own.
 */

/** A nested line under an item or a sign-off line: `label: text`, or `label: [url](url)`. Values are plain text. */
export type Detail = { label: string; text: string } | { label: string; url: string };

export type ItemMark = {
  /** done: `- [x] Title`; na: `- [x] ~~Title~~ (N/A: reason)`; blocked: `- [ ] Title (Blocked: reason)`. */
  status: "open" | "done" | "na" | "blocked";
  reason?: string | null;
  details?: Detail[];
};

export type SignoffMark = {
  /** A live signature fills in the line: `- [x] **Role**: Name Date: 2026-11-27 14:03 UTC`. */
  signed?: { name: string; date: string };
  details?: Detail[];
};

export type RenderState = {
  itemMark?: (item: TemplateItem) => ItemMark | undefined;
  /** A role's sign-off line; without a signature it stays blank (`____ Date: ____`), with its details below. */
  signoff?: (role: string) => SignoffMark | undefined;
  /** Contact rows of a release: role -> cells after the role. */
  contact?: (role: string) => string[] | undefined;
  /** Lines after everything else (the release export's record: release id, audit head, key fingerprint). */
  footer?: Detail[];
  /** Replaces X.Y.Z in commands and titles. */
  version?: string;
};

const UNTITLED = "(untitled)";
const signoffBlank = (role: string) => `${"_".repeat(Math.max(3, 28 - role.length))} Date: ___________`;

function itemTitle(item: TemplateItem): string {
  const optionalHinted = /\((?:optional|if [^)]*)\)/i.test(item.title);
  const optional = !item.required && !optionalHinted ? " (optional)" : "";
  return `${item.title}${optional}`;
}

function fill(text: string, state: RenderState): string {
  return state.version ? text.replaceAll("X.Y.Z", state.version) : text;
}

function detailValue(detail: Detail): string {
  return "url" in detail ? plainLink(detail.url, detail.url) : plainText(detail.text);
}

/**
 * Nested lines: a paragraph indented under the list item, one line per
 * detail (hard line breaks). A paragraph, not a nested list, so an importer
 * never mistakes a detail for a checklist item.
 */
function nestedLines(details: Detail[] | undefined): string[] {
  if (!details?.length) return [];
  return ["", ...details.map((detail, index) => `  ${plainText(detail.label)}: ${detailValue(detail)}${index < details.length - 1 ? "\\" : ""}`), ""];
}

function checklistLines(item: TemplateItem, state: RenderState): string[] {
  const mark = state.itemMark?.(item);
  const environments = item.environments ? ` (${item.environments.map(plainText).join(", ")} only)` : "";
  // A title that was only line breaks or control characters would leave an empty item, which no importer keeps.
  const title = markdownText(fill(itemTitle(item), state)) || UNTITLED;
  const reason = plainText(mark?.reason ?? "");
  const line =
    mark?.status === "done"
      ? `- [x] ${title}${environments}`
      : mark?.status === "na"
        ? `- [x] ~~${title}~~${environments} (N/A: ${reason})`
        : mark?.status === "blocked"
          ? `- [ ] ${title}${environments} (Blocked: ${reason})`
          : `- [ ] ${title}${environments}`;
  return [line, ...nestedLines(mark?.details)];
}

function subsection(lines: string[], sub: TemplateSubsection, state: RenderState): void {
  if (sub.title) lines.push(`### ${markdownText(sub.title)} ✅`);
  if (sub.note) lines.push(...(sub.title ? [""] : []), sub.note, "");
  if (sub.items.length) lines.push(...sub.items.flatMap((item) => checklistLines(item, state)), "");
}

function environmentSubsection(lines: string[], sub: TemplateSubsection, state: RenderState): void {
  lines.push(`### ${markdownText(sub.title)}`, "```bash");
  let phase: string | undefined;
  sub.items.forEach((item, index) => {
    if (item.phase !== phase) {
      if (index > 0) lines.push("");
      if (item.phase) lines.push(`# ${codeLine(item.phase)}`);
      phase = item.phase;
    }
    const mark = state.itemMark?.(item);
    const text = codeLine(fill(item.command ? `${item.title}: ${item.command}` : item.title, state)) || UNTITLED;
    const reason = codeLine(mark?.reason ?? "");
    lines.push(
      mark?.status === "done"
        ? `☑ ${text}`
        : mark?.status === "na"
          ? `☑ ~~${text}~~ (N/A: ${reason})`
          : mark?.status === "blocked"
            ? `□ ${text} (Blocked: ${reason})`
            : `□ ${text}`,
    );
    // Inside the code block details are indented text lines: no box, no "#", so never an item or a phase.
    for (const detail of mark?.details ?? []) lines.push(`    ${codeLine(detail.label)}: ${codeLine("url" in detail ? detail.url : detail.text)}`);
  });
  lines.push("```", "");
}

function block(lines: string[], b: TemplateBlock, state: RenderState): void {
  switch (b.kind) {
    case "checklist":
      lines.push(`## ${markdownText(b.title)}`, "");
      if (b.note) lines.push(b.note, "");
      for (const sub of b.subsections) subsection(lines, sub, state);
      return;
    case "environments":
      lines.push(`## ${markdownText(b.title)}`, "");
      if (b.note) lines.push(b.note, "");
      for (const sub of b.subsections) environmentSubsection(lines, sub, state);
      return;
    case "runbook":
    case "note":
      lines.push(`## ${markdownText(b.title)}`, "");
      if (b.markdown) lines.push(fill(b.markdown, state), "");
      return;
    case "signoff":
      lines.push(`## ${markdownText(b.title)}`, "");
      for (const group of b.groups) {
        if (group.title) lines.push(`### ${markdownText(group.title)}`);
        for (const role of group.roles) {
          const mark = state.signoff?.(role);
          const signed = mark?.signed;
          // The reference layout exactly: `- [x] **Tech Lead**: Jane Doe Date: 2026-11-27 14:03 UTC`.
          lines.push(`- [${signed ? "x" : " "}] **${plainText(role)}**: ${signed ? `${plainText(signed.name)} Date: ${plainText(signed.date)}` : signoffBlank(role)}`);
          lines.push(...nestedLines(mark?.details));
        }
        lines.push("");
      }
      return;
    case "contacts": {
      lines.push("---", "", `## ${markdownText(b.title)}`, "");
      const columns = b.columns.map(plainText);
      lines.push(`|${columns.map((column) => ` ${column} `).join("|")}|`, `|${columns.map((column) => "-".repeat(column.length + 2)).join("|")}|`);
      for (const role of b.roles) {
        const cells = state.contact?.(role) ?? b.columns.slice(1).map(() => "TBD");
        lines.push(`| ${[role, ...cells].map(plainText).join(" | ")} |`);
      }
      lines.push("");
      return;
    }
    case "decision":
      lines.push(`## ${markdownText(b.title)}`, "");
      lines.push(...b.options.map((option) => `- [ ] **${plainText(option.label)}**: ${notSignoffShaped(markdownText(option.description))}`), "");
      return;
  }
}

export function renderTemplateMarkdown(document: TemplateDocument, state: RenderState = {}): string {
  const lines: string[] = [`# ${markdownText(document.title)}`, ""];
  if (document.description) lines.push(document.description, "");
  for (const b of document.blocks) block(lines, b, state);
  if (document.closingNote || state.footer?.length) lines.push("---", "");
  if (document.closingNote) lines.push(document.closingNote, "");
  // The footer is paragraphs after the last rule, as the closing note is: one record line per detail.
  if (state.footer?.length) lines.push(...nestedLines(state.footer).map((line) => line.trimStart()));
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
