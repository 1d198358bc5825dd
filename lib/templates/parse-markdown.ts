import { randomBytes } from "node:crypto";
import type { Code, Heading, List, ListItem, Nodes, Root, RootContent, Table } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import {
  LIMITS,
  type TemplateBlock,
  type TemplateDocument,
  type TemplateItem,
  type TemplateSubsection,
  templateDocumentSchema,
} from "./document";
import { fileTooLargeMessage } from "./file-limit";
import { prescanMarkdown } from "./markdown-prescan";

/**
 * Markdown checklist -> TemplateDocument, with a real Markdown parser
 * (remark + GFM task lists). The reference checklist's shape is recognised:
 * H2 sections, H3 subsections, `- [ ]` items, `□` lines inside code blocks as
 * environment-specific items, a sign-off section of `**Role**: ___` lines, a
 * contacts table, runbooks and prose kept as notes, a GO / NO GO decision,
 * and a closing note after the last `---`. Anything guessed is reported in
 * `notices`; anything refused is a ParseProblem naming its line.
 */

export type ParseProblem = { line: number; message: string };
export type ParseResult =
  | { ok: true; document: TemplateDocument; notices: ParseProblem[] }
  | { ok: false; errors: ParseProblem[] };

class Refusal extends Error {
  constructor(readonly problem: ParseProblem) {
    super(problem.message);
  }
}

const refuse = (line: number, message: string): never => {
  throw new Refusal({ line, message });
};

export function newKey(): string {
  return randomBytes(5).toString("hex");
}

const DECORATION = /^[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+|[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+$/gu;
const headingTitle = (text: string) => text.replace(DECORATION, "").trim();
// A blank sign-off line (`**Tech Lead**: ____ Date: ____`) or a filled one from a completed export.
const SIGNOFF_LINE = /^\*\*(.+?)\*\*\s*:?\s*(?:_{3,}|.*\bDate:)/;
const DECISION_LINE = /^\*\*\s*(NO[\s-]?GO|GO)\s*\*\*\s*:?\s*(.*)$/i;
const OPTIONAL_HINT = /\((?:optional|if [^)]*)\)/i;
const ENV_ONLY = /\s*\(([a-z][a-z0-9-]*(?:,\s*[a-z][a-z0-9-]*)*) only\)\s*$/;
const BOX_LINE = /^\s*[□☐☑]\s*(.+?)\s*$/;
const UNSAFE_URL = /^\s*(javascript|data|vbscript|file):/i;

const KNOWN_ENVIRONMENTS: [RegExp, string][] = [
  [/\bstag(ing|e)\b/i, "staging"],
  [/\bprod(uction)?\b/i, "production"],
  [/\b(dev|development)\b/i, "development"],
  [/\b(qa|test|testing)\b/i, "qa"],
  [/\buat\b/i, "uat"],
];

/** Checks that run on the raw bytes and the text, before any parsing (size, encoding, then the linear pre-scan of lib/templates/markdown-prescan.ts). */
function decode(input: string | Uint8Array): { text: string; notices: ParseProblem[] } {
  const notices: ParseProblem[] = [];
  let bytes: Uint8Array;
  if (typeof input === "string") {
    bytes = new TextEncoder().encode(input);
  } else {
    bytes = input;
  }
  if (bytes.byteLength > LIMITS.fileBytes) refuse(1, fileTooLargeMessage(bytes.byteLength));
  const nul = bytes.indexOf(0);
  if (nul >= 0) refuse(lineAtByte(bytes, nul), "This looks like binary data (it contains NUL bytes), not a Markdown text file.");
  let text: string;
  try {
    text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    refuse(firstBadUtf8Line(bytes), "The file is not valid UTF-8 text. Save it as UTF-8 and try again.");
  }
  text = text!.replace(/^\uFEFF/, "");
  // eslint-disable-next-line no-control-regex -- detecting binary data is the point
  const controls = text.match(/[\u0001-\u0008\u000E-\u001F]/);
  if (controls?.index !== undefined) refuse(lineAt(text, controls.index), "This looks like binary data (it contains control characters), not Markdown.");
  if (text.includes("\r")) {
    notices.push({ line: lineAt(text, text.indexOf("\r")), message: "Windows (CRLF) line endings were converted to plain line feeds." });
    text = text.replace(/\r\n?/g, "\n");
  }
  if (text.trim() === "") refuse(1, "The file is empty.");
  const problem = prescanMarkdown(text);
  if (problem) refuse(problem.line, problem.message);
  return { text, notices };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function lineAtByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (bytes[i] === 10) line += 1;
  return line;
}

function firstBadUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i += 1) {
    if (i === bytes.length || bytes[i] === 10) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      start = i + 1;
      line += 1;
    }
  }
  return 1;
}

type Group = { heading: Heading | null; nodes: RootContent[] };
type Section = Group & { subgroups: Group[] };

const startLine = (node: { position?: { start: { line: number } } }) => node.position?.start.line ?? 1;

class Parser {
  readonly notices: ParseProblem[] = [];
  private itemCount = 0;

  constructor(private readonly source: string) {}

  slice(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): string {
    return this.source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  }

  sliceNodes(nodes: RootContent[]): string {
    const first = nodes[0];
    const last = nodes.at(-1);
    if (!first || !last) return "";
    return this.source.slice(first.position?.start.offset ?? 0, last.position?.end.offset ?? 0).trim();
  }

  inlineText(node: Heading | { children: Nodes[] }): string {
    return this.slice({
      position: {
        start: { offset: (node.children[0] as Nodes | undefined)?.position?.start.offset },
        end: { offset: (node.children.at(-1) as Nodes | undefined)?.position?.end.offset },
      },
    }).trim();
  }

  /** Refuses raw HTML and unsafe links anywhere inside a title. */
  checkInline(node: Nodes, what: string): void {
    if (node.type === "html") refuse(startLine(node), `${what} contains HTML; titles must be plain text.`); // the line, not the markup: messages never echo it
    if ((node.type === "link" || node.type === "image" || node.type === "definition") && UNSAFE_URL.test(node.url)) {
      refuse(startLine(node), `${what} links to a "${node.url.split(":")[0]}:" address, which is not allowed.`);
    }
    if ("children" in node) for (const child of node.children as Nodes[]) this.checkInline(child, what);
  }

  countItem(line: number): void {
    this.itemCount += 1;
    if (this.itemCount > LIMITS.items) refuse(line, `The checklist has more than ${LIMITS.items.toLocaleString("en")} items; split it into several templates.`);
  }

  item(listItem: ListItem, depth: number): TemplateItem[] {
    const line = startLine(listItem);
    if (depth > LIMITS.listDepth) refuse(line, `Lists are nested more than ${LIMITS.listDepth} levels deep; flatten the checklist.`);
    const [paragraph, ...rest] = listItem.children;
    if (!paragraph || paragraph.type !== "paragraph") refuse(line, "A checklist item needs text after its checkbox.");
    const text = this.slice(paragraph!).replace(/^\[[ xX]\]\s*/, "").replace(/\s*\n\s*/g, " ").trim();
    this.checkInline(paragraph!, `The item on line ${line}`);
    if (text === "") refuse(line, "A checklist item needs text after its checkbox.");
    if (text.length > LIMITS.titleChars) refuse(line, `The item is ${text.length} characters long; the limit is ${LIMITS.titleChars}.`);
    this.countItem(line);
    const items = [this.makeItem(text, line)];
    for (const child of rest) {
      if (child.type === "list") {
        this.notices.push({ line: startLine(child), message: `The nested list under line ${line} was flattened into items that follow it.` });
        items.push(...this.listItems(child, depth + 1));
      } else {
        this.notices.push({ line: startLine(child), message: `Text under the item on line ${line} was dropped; only the item's first paragraph is kept.` });
      }
    }
    return items;
  }

  makeItem(rawTitle: string, line: number): TemplateItem {
    let title = rawTitle;
    let environments: string[] | null = null;
    const only = title.match(ENV_ONLY);
    if (only?.[1]) {
      environments = only[1].split(/,\s*/);
      title = title.replace(ENV_ONLY, "");
    }
    const required = !OPTIONAL_HINT.test(title);
    if (!required) this.notices.push({ line, message: `"${title}" was guessed optional from its wording.` });
    return { key: newKey(), title, required, environments };
  }

  listItems(list: List, depth: number): TemplateItem[] {
    return list.children.flatMap((listItem) => {
      if (listItem.checked === null || listItem.checked === undefined) {
        if (depth > 1) this.notices.push({ line: startLine(listItem), message: "A plain bullet inside a checklist item was treated as an item." });
      }
      return this.item(listItem, depth);
    });
  }

  isTaskList(node: RootContent): boolean {
    return node.type === "list" && node.children.some((item) => item.checked === true || item.checked === false);
  }

  subsection(group: Group): TemplateSubsection {
    const title = group.heading ? headingTitle(this.inlineText(group.heading)) : "";
    if (group.heading) this.checkInline(group.heading, `The heading on line ${startLine(group.heading)}`);
    const items: TemplateItem[] = [];
    const noteNodes: RootContent[] = [];
    for (const node of group.nodes) {
      if (this.isTaskList(node)) items.push(...this.listItems(node as List, 1));
      else {
        if (node.type === "list") this.notices.push({ line: startLine(node), message: "A plain bullet list (no checkboxes) was kept as a note, not as items." });
        if (node.type === "heading") this.notices.push({ line: startLine(node), message: `The level-${node.depth} heading was kept as part of a note.` });
        noteNodes.push(node);
      }
    }
    const note = this.sliceNodes(noteNodes);
    return { key: newKey(), title, ...(note ? { note } : {}), items };
  }

  block(section: Section): TemplateBlock {
    const heading = section.heading!;
    this.checkInline(heading, `The heading on line ${startLine(heading)}`);
    const title = headingTitle(this.inlineText(heading)) || "Untitled section";
    const all = [...section.nodes, ...section.subgroups.flatMap((group) => [group.heading!, ...group.nodes])];
    const taskLists = all.filter((node) => this.isTaskList(node)) as List[];
    const taskItems = taskLists.flatMap((list) => list.children);
    const firstText = (item: ListItem) => (item.children[0] ? this.slice(item.children[0]).replace(/^\[[ xX]\]\s*/, "") : "");

    if (taskItems.length > 0 && taskItems.every((item) => SIGNOFF_LINE.test(firstText(item)))) {
      const groups = [section as Group, ...section.subgroups]
        .map((group) => ({
          title: group.heading === heading ? "" : group.heading ? headingTitle(this.inlineText(group.heading)) : "",
          roles: group.nodes
            .filter((node) => this.isTaskList(node))
            .flatMap((list) => (list as List).children.map((item) => SIGNOFF_LINE.exec(firstText(item))?.[1]?.trim() ?? "")),
        }))
        .filter((group) => group.roles.length > 0);
      this.notices.push({ line: startLine(heading), message: `"${title}" became the template's sign-off roles (${groups.reduce((n, g) => n + g.roles.length, 0)} roles in ${groups.length} group(s)).` });
      return { kind: "signoff", key: newKey(), title, groups };
    }

    if (taskItems.length >= 2 && taskItems.length <= 5 && taskItems.every((item) => DECISION_LINE.test(firstText(item)))) {
      const options = taskItems.map((item) => {
        const match = DECISION_LINE.exec(firstText(item))!;
        return { label: match[1]!.toUpperCase().replace(/[\s-]+/, " "), description: match[2]!.trim() };
      });
      this.notices.push({ line: startLine(heading), message: `"${title}" was recognised as a ${options.map((o) => o.label).join(" / ")} decision, not items to tick.` });
      return { kind: "decision", key: newKey(), title, options };
    }

    const boxCode = all.filter((node): node is Code => node.type === "code" && node.value.split("\n").some((line) => BOX_LINE.test(line)));
    if (boxCode.length > 0 && taskItems.length === 0) return this.environments(section, title);

    if (taskItems.length > 0) {
      const subsections: TemplateSubsection[] = [];
      const intro = this.subsection({ heading: null, nodes: section.nodes });
      let note: string | undefined;
      if (intro.items.length > 0) subsections.push(intro);
      else note = intro.note;
      for (const group of section.subgroups) {
        const subsection = this.subsection(group);
        if (subsection.items.length === 0) {
          this.notices.push({ line: startLine(group.heading!), message: `"${subsection.title}" has no checklist items; it was kept as a subsection with a note.` });
        }
        subsections.push(subsection);
      }
      return { kind: "checklist", key: newKey(), title, ...(note ? { note } : {}), subsections, responsibleRoles: [] };
    }

    const table = all.find((node): node is Table => node.type === "table");
    const header = table?.children[0]?.children.map((cell) => this.inlineText(cell).trim()) ?? [];
    if (table && /^role$/i.test(header[0] ?? "")) {
      const roles = table.children.slice(1).map((row) => (row.children[0] ? this.inlineText(row.children[0]).trim() : "")).filter(Boolean);
      this.notices.push({ line: startLine(heading), message: `"${title}" became the template's contact roles (${roles.length}); each release fills in the people.` });
      return { kind: "contacts", key: newKey(), title, columns: header, roles };
    }

    const body = this.sliceNodes(all);
    const isRunbook = all.some((node) => node.type === "code") || /rollback|runbook|procedure|playbook/i.test(title);
    if (isRunbook) {
      this.notices.push({ line: startLine(heading), message: `"${title}" has no items; it was kept as a reference runbook shown on every release.` });
      return { kind: "runbook", key: newKey(), title, markdown: body };
    }
    this.notices.push({ line: startLine(heading), message: `"${title}" has no checklist items; it was kept as a note.` });
    return { kind: "note", key: newKey(), title, markdown: body };
  }

  environments(section: Section, title: string): TemplateBlock {
    const groups = section.subgroups.length > 0 ? section.subgroups : [{ heading: section.heading, nodes: section.nodes }];
    const subsections: TemplateSubsection[] = groups.map((group) => {
      const subTitle = group.heading ? headingTitle(this.inlineText(group.heading)) : title;
      const environment = KNOWN_ENVIRONMENTS.find(([pattern]) => pattern.test(subTitle))?.[1];
      if (!environment) refuse(startLine(group.heading ?? section.heading!), `Cannot tell which environment "${subTitle}" is for; name it in the heading (e.g. "Staging Deployment").`);
      this.notices.push({
        line: startLine(group.heading ?? section.heading!),
        message: `Items under "${subTitle}" apply only to the ${environment} environment (guessed from the heading).`,
      });
      const items: TemplateItem[] = [];
      for (const node of group.nodes) {
        if (node.type !== "code") continue;
        let phase: string | undefined;
        node.value.split("\n").forEach((raw, index) => {
          const line = startLine(node) + 1 + index;
          const comment = raw.match(/^\s*#\s*(.+?)\s*$/);
          if (comment?.[1]) {
            phase = comment[1];
            return;
          }
          const box = raw.match(BOX_LINE);
          if (!box?.[1]) return;
          if (/<[a-z!/]/i.test(box[1])) refuse(line, `The item on line ${line} contains HTML; titles must be plain text.`);
          if (box[1].length > LIMITS.titleChars) refuse(line, `The item is ${box[1].length} characters long; the limit is ${LIMITS.titleChars}.`);
          this.countItem(line);
          const execute = box[1].match(/^(Execute|Run):\s*(.+)$/);
          items.push({
            key: newKey(),
            title: execute ? execute[1]! : box[1],
            required: true,
            environments: [environment!],
            ...(phase ? { phase } : {}),
            ...(execute ? { command: execute[2]! } : {}),
          });
        });
      }
      return { key: newKey(), title: subTitle, items };
    });
    return { kind: "environments", key: newKey(), title, subsections };
  }

  parse(tree: Root, fallbackTitle: string): TemplateDocument {
    let children = tree.children;
    const frontMatter = children.find((node) => node.type === "yaml");
    if (frontMatter) {
      this.notices.push({ line: startLine(frontMatter), message: `Front matter (lines ${startLine(frontMatter)}–${frontMatter.position?.end.line}) was ignored.` });
      children = children.filter((node) => node !== frontMatter);
    }
    for (const node of children) {
      if (node.type === "html") refuse(startLine(node), "The file contains raw HTML, which is not allowed in a checklist.");
      if (node.type === "definition" && UNSAFE_URL.test(node.url)) refuse(startLine(node), `A link points to a "${node.url.split(":")[0]}:" address, which is not allowed.`);
    }

    // A closing note: paragraphs after the last thematic break at the end of the file.
    let closingNote = "";
    const lastBreak = children.findLastIndex((node) => node.type === "thematicBreak");
    if (lastBreak >= 0 && children.slice(lastBreak + 1).every((node) => node.type === "paragraph")) {
      closingNote = this.sliceNodes(children.slice(lastBreak + 1));
      children = children.slice(0, lastBreak);
    }
    children = children.filter((node) => node.type !== "thematicBreak");

    let title = "";
    const preamble: RootContent[] = [];
    const sections: Section[] = [];
    for (const node of children) {
      if (node.type === "heading" && node.depth === 1 && !title && sections.length === 0) {
        this.checkInline(node, `The title on line ${startLine(node)}`);
        title = headingTitle(this.inlineText(node));
      } else if (node.type === "heading" && node.depth <= 2) {
        sections.push({ heading: node, nodes: [], subgroups: [] });
      } else if (node.type === "heading" && node.depth === 3 && sections.length > 0) {
        sections.at(-1)!.subgroups.push({ heading: node, nodes: [] });
      } else {
        const section = sections.at(-1);
        const target = section ? (section.subgroups.at(-1) ?? section).nodes : preamble;
        target.push(node);
      }
    }

    // Items before any section heading get a section of their own.
    const loose = preamble.filter((node) => this.isTaskList(node));
    const description = this.sliceNodes(preamble.filter((node) => !this.isTaskList(node)));
    const blocks: TemplateBlock[] = [];
    if (loose.length > 0) {
      this.notices.push({ line: startLine(loose[0]!), message: "Items before the first section heading were put in a section named \"Checklist\"." });
      blocks.push({ kind: "checklist", key: newKey(), title: "Checklist", subsections: [this.subsection({ heading: null, nodes: loose })], responsibleRoles: [] });
    }
    if (sections.length > LIMITS.blocks) refuse(startLine(sections[LIMITS.blocks]!.heading!), `The file has more than ${LIMITS.blocks} sections.`);
    for (const section of sections) blocks.push(this.block(section));

    // Then anywhere else (sign-off roles, decisions, tables, notes): no raw HTML, no script-capable links.
    const visit = (node: Nodes) => {
      if (node.type === "html") refuse(startLine(node), `Line ${startLine(node)} contains HTML; checklists must be plain text.`);
      if ((node.type === "link" || node.type === "image" || node.type === "definition") && UNSAFE_URL.test(node.url)) {
        refuse(startLine(node), `A link points to a "${node.url.split(":")[0]}:" address, which is not allowed.`);
      }
      if ("children" in node) for (const child of node.children as Nodes[]) visit(child);
    };
    for (const node of children) visit(node);

    if (this.itemCount === 0) {
      refuse(1, "No checklist items were found. Items are Markdown task-list lines such as \"- [ ] All tests pass\".");
    }
    if (!title) {
      title = fallbackTitle.trim() || blocks[0]?.title || "Checklist";
      this.notices.push({ line: 1, message: `The file has no level-1 heading; the template is titled "${title}".` });
    }
    return { title, description, blocks, closingNote };
  }
}

export function parseTemplateMarkdown(input: string | Uint8Array, options: { fallbackTitle?: string } = {}): ParseResult {
  try {
    const { text, notices } = decode(input);
    const tree = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm).parse(text);
    const parser = new Parser(text);
    const document = parser.parse(tree, options.fallbackTitle ?? "");
    const checked = templateDocumentSchema.safeParse(document);
    if (!checked.success) {
      return { ok: false, errors: checked.error.issues.slice(0, 5).map((issue) => ({ line: 1, message: `${issue.path.join(".")}: ${issue.message}` })) };
    }
    return { ok: true, document: checked.data, notices: [...notices, ...parser.notices].sort((a, b) => a.line - b.line) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, errors: [error.problem] };
    throw error;
  }
}
