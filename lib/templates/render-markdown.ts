import type { TemplateBlock, TemplateDocument, TemplateItem, TemplateSubsection } from "./document";

/**
 * TemplateDocument -> Markdown in the reference checklist's layout. Parsing
 * the result gives the same document (round trip), which the tests check on
 * every fixture. A release export (a later feature) passes `state` to fill in
 * ticks, reasons and signatures.
 */

export type RenderState = {
  /** "[x]" for done; a suffix such as " _(N/A: reason)_" after the title. */
  itemMark?: (item: TemplateItem) => { checked: boolean; suffix?: string };
  /** Replaces the blank sign-off line of a role, e.g. "Jane Doe Date: 2026-11-27 14:03 UTC". */
  signoff?: (role: string) => { checked: boolean; line: string } | undefined;
  /** Contact rows of a release: role -> cells after the role. */
  contact?: (role: string) => string[] | undefined;
  /** Replaces X.Y.Z in commands and titles. */
  version?: string;
};

const signoffBlank = (role: string) => `${"_".repeat(Math.max(3, 28 - role.length))} Date: ___________`;

function itemTitle(item: TemplateItem): string {
  const optionalHinted = /\((?:optional|if [^)]*)\)/i.test(item.title);
  const optional = !item.required && !optionalHinted ? " (optional)" : "";
  return `${item.title}${optional}`;
}

function fill(text: string, state: RenderState): string {
  return state.version ? text.replaceAll("X.Y.Z", state.version) : text;
}

function checklistLine(item: TemplateItem, state: RenderState, inEnvironmentBlock: boolean): string {
  const mark = state.itemMark?.(item) ?? { checked: false };
  const environments = !inEnvironmentBlock && item.environments ? ` (${item.environments.join(", ")} only)` : "";
  return `- [${mark.checked ? "x" : " "}] ${fill(itemTitle(item), state)}${environments}${mark.suffix ?? ""}`;
}

function subsection(lines: string[], sub: TemplateSubsection, state: RenderState): void {
  if (sub.title) lines.push(`### ${sub.title} ✅`);
  if (sub.note) lines.push(...(sub.title ? [""] : []), sub.note, "");
  if (sub.items.length) lines.push(...sub.items.map((item) => checklistLine(item, state, false)), "");
}

function environmentSubsection(lines: string[], sub: TemplateSubsection, state: RenderState): void {
  lines.push(`### ${sub.title}`, "```bash");
  let phase: string | undefined;
  sub.items.forEach((item, index) => {
    if (item.phase !== phase) {
      if (index > 0) lines.push("");
      if (item.phase) lines.push(`# ${item.phase}`);
      phase = item.phase;
    }
    const mark = state.itemMark?.(item);
    const box = mark?.checked ? "☑" : "□";
    const text = item.command ? `${item.title}: ${item.command}` : item.title;
    lines.push(`${box} ${fill(text, state)}${mark?.suffix ? ` ${mark.suffix.trim()}` : ""}`);
  });
  lines.push("```", "");
}

function block(lines: string[], b: TemplateBlock, state: RenderState): void {
  switch (b.kind) {
    case "checklist":
      lines.push(`## ${b.title}`, "");
      if (b.note) lines.push(b.note, "");
      for (const sub of b.subsections) subsection(lines, sub, state);
      return;
    case "environments":
      lines.push(`## ${b.title}`, "");
      if (b.note) lines.push(b.note, "");
      for (const sub of b.subsections) environmentSubsection(lines, sub, state);
      return;
    case "runbook":
    case "note":
      lines.push(`## ${b.title}`, "");
      if (b.markdown) lines.push(fill(b.markdown, state), "");
      return;
    case "signoff":
      lines.push(`## ${b.title}`, "");
      for (const group of b.groups) {
        if (group.title) lines.push(`### ${group.title}`);
        for (const role of group.roles) {
          const signed = state.signoff?.(role);
          lines.push(`- [${signed?.checked ? "x" : " "}] **${role}**: ${signed?.line ?? signoffBlank(role)}`);
        }
        lines.push("");
      }
      return;
    case "contacts": {
      lines.push("---", "", `## ${b.title}`, "");
      lines.push(`|${b.columns.map((column) => ` ${column} `).join("|")}|`, `|${b.columns.map((column) => "-".repeat(column.length + 2)).join("|")}|`);
      for (const role of b.roles) {
        const cells = state.contact?.(role) ?? b.columns.slice(1).map(() => "TBD");
        lines.push(`| ${[role, ...cells].map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`);
      }
      lines.push("");
      return;
    }
    case "decision":
      lines.push(`## ${b.title}`, "");
      lines.push(...b.options.map((option) => `- [ ] **${option.label}**: ${option.description}`), "");
      return;
  }
}

export function renderTemplateMarkdown(document: TemplateDocument, state: RenderState = {}): string {
  const lines: string[] = [`# ${document.title}`, ""];
  if (document.description) lines.push(document.description, "");
  for (const b of document.blocks) block(lines, b, state);
  if (document.closingNote) lines.push("---", "", document.closingNote, "");
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
