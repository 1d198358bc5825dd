import { AppError } from "@/lib/errors/app-error";
import { checkDocument } from "@/lib/templates/check-document";
import { templateDocumentSchema, type TemplateDocument } from "@/lib/templates/document";
import { z } from "zod";

/**
 * The editor is the one place zod runs in the browser. zod 4 probes for
 * `new Function` the first time it parses an object; under the
 * Content-Security-Policy (no 'unsafe-eval', docs/decisions/009) that probe is
 * refused and reported as a violation, so jitless mode skips it. Set here
 * rather than in the root layout, so other pages do not download zod.
 */
z.config({ jitless: true });

/**
 * Checks the edited document in the browser with the same schema and rules
 * the server applies, and says which field each problem belongs to, so the
 * editor can show it beside that field before anything is sent.
 */

export type EditorProblem = {
  /** The id of the control to show the message at and to focus from the summary. */
  fieldId: string;
  message: string;
  /** Where the problem is, for the summary ("Item “X” in Code Quality"). */
  where: string;
};

export const fieldIds = {
  title: "template-title",
  sectionTitle: (key: string) => `section-${key}-title`,
  subsectionTitle: (key: string) => `subsection-${key}-title`,
  itemTitle: (key: string) => `item-${key}-title`,
  itemEnvironments: (key: string) => `item-${key}-environments`,
  itemCommand: (key: string) => `item-${key}-command`,
  signoff: "signoff-roles",
  document: "template-document",
};

const quote = (text: string, fallback: string) => (text.trim() ? `“${text.trim()}”` : fallback);

export function validateDocument(document: TemplateDocument): EditorProblem[] {
  // Messages by field: the schema's first, then rules with friendlier messages, which win.
  const messages = new Map<string, { message: string; where: string }>();
  const parsed = templateDocumentSchema.safeParse(document);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const problem = problemAt(document, issue.path, issue.message);
      if (!messages.has(problem.fieldId)) messages.set(problem.fieldId, problem);
    }
  }
  for (const block of document.blocks) {
    if (block.kind !== "checklist" && block.kind !== "environments") continue;
    block.subsections.forEach((subsection, index) => {
      if (block.kind === "checklist" && index > 0 && !subsection.title.trim()) {
        messages.set(fieldIds.subsectionTitle(subsection.key), {
          message: "Only the first subsection of a section can be without a heading.",
          where: `Subsection ${index + 1} of ${sectionName(block.title)}`,
        });
      }
      for (const item of subsection.items) {
        if (item.environments && item.environments.length === 0) {
          messages.set(fieldIds.itemEnvironments(item.key), {
            message: "Choose at least one environment, or All environments.",
            where: `Item ${quote(item.title, "(untitled)")} in ${sectionName(block.title)}`,
          });
        }
      }
    });
  }
  if (messages.size === 0) {
    try {
      checkDocument(document);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      messages.set(fieldIds.document, { message: error.message, where: "Template" });
    }
  }

  // In reading order, so the summary reads like the page.
  const order = [fieldIds.document, fieldIds.title];
  for (const block of document.blocks) {
    if (block.kind === "signoff") order.push(fieldIds.signoff);
    if (block.kind !== "checklist" && block.kind !== "environments") continue;
    order.push(fieldIds.sectionTitle(block.key));
    for (const subsection of block.subsections) {
      order.push(fieldIds.subsectionTitle(subsection.key));
      for (const item of subsection.items) order.push(fieldIds.itemTitle(item.key), fieldIds.itemEnvironments(item.key), fieldIds.itemCommand(item.key));
    }
  }
  const rank = new Map(order.map((id, index) => [id, index]));
  return [...messages]
    .map(([fieldId, problem]) => ({ fieldId, ...problem }))
    .sort((a, b) => (rank.get(a.fieldId) ?? -1) - (rank.get(b.fieldId) ?? -1));
}

const sectionName = (title: string) => (title.trim() ? `“${title.trim()}”` : "an untitled section");

/** Maps a schema issue's path (blocks.2.subsections.0.items.3.title) to the control it is about. */
function problemAt(document: TemplateDocument, path: readonly PropertyKey[], message: string): EditorProblem {
  const [top, blockIndex, inner, subsectionIndex, itemsKey, itemIndex, field] = path;
  if (top === "title") return { fieldId: fieldIds.title, message, where: "Checklist title" };
  if (top !== "blocks" || typeof blockIndex !== "number") return { fieldId: fieldIds.document, message, where: "Template" };
  const block = document.blocks[blockIndex];
  if (!block) return { fieldId: fieldIds.document, message, where: "Template" };
  if (block.kind === "signoff") return { fieldId: fieldIds.signoff, message, where: "Sign-off roles" };
  if (block.kind !== "checklist" && block.kind !== "environments") {
    return { fieldId: fieldIds.document, message, where: `${quote(block.title, "A block")} (read-only here)` };
  }
  const section = { fieldId: fieldIds.sectionTitle(block.key), message, where: `Section ${quote(block.title, "(untitled)")}` };
  if (inner !== "subsections" || typeof subsectionIndex !== "number") return section;
  const subsection = block.subsections[subsectionIndex];
  if (!subsection) return section;
  if (itemsKey !== "items" || typeof itemIndex !== "number") {
    return {
      fieldId: fieldIds.subsectionTitle(subsection.key),
      message,
      where: `Subsection ${quote(subsection.title, "(no heading)")} of ${sectionName(block.title)}`,
    };
  }
  const item = subsection.items[itemIndex];
  if (!item) return section;
  const where = `Item ${quote(item.title, "(untitled)")} in ${sectionName(block.title)}`;
  if (field === "environments") return { fieldId: fieldIds.itemEnvironments(item.key), message, where };
  if (field === "command") return { fieldId: fieldIds.itemCommand(item.key), message: "Commands are at most 2000 characters.", where };
  return { fieldId: fieldIds.itemTitle(item.key), message, where };
}

export function problemsById(problems: readonly EditorProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((problem) => [problem.fieldId, problem.message]));
}
