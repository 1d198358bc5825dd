import { z } from "zod";
import { TEMPLATE_FILE_BYTES } from "./file-limit";

/**
 * A template version's content: an ordered list of blocks, exactly as a
 * person reads the Markdown. Stored as JSON on the immutable TemplateVersion;
 * item keys stay stable across versions so releases and diffs can follow them.
 */

export const LIMITS = {
  fileBytes: TEMPLATE_FILE_BYTES,
  items: 2000,
  titleChars: 500,
  noteChars: 20_000,
  listDepth: 3,
  blocks: 200,
} as const;

const key = z.string().regex(/^[a-z0-9-]{1,40}$/, "Invalid key.");
const title = z
  .string()
  .trim()
  .min(1, "Title is required.")
  .max(LIMITS.titleChars, `Titles are at most ${LIMITS.titleChars} characters.`);
const markdown = z.string().max(LIMITS.noteChars, `Notes are at most ${LIMITS.noteChars} characters.`);
export const environmentKey = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "Environment keys are lowercase letters, digits and dashes.");

export const itemSchema = z.object({
  key,
  title,
  required: z.boolean(),
  /** null: applies to every environment. */
  environments: z.array(environmentKey).min(1).max(20).nullable(),
  phase: z.string().max(80).optional(),
  command: z.string().max(2000).optional(),
});

export const subsectionSchema = z.object({
  key,
  /** "" for items that sit directly under the section heading. */
  title: z.string().trim().max(LIMITS.titleChars),
  note: markdown.optional(),
  items: z.array(itemSchema).max(LIMITS.items),
});

export const blockSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("checklist"),
    key,
    title,
    note: markdown.optional(),
    subsections: z.array(subsectionSchema).max(200),
    /** Sign-off role names responsible for this section; empty: every role covers it. */
    responsibleRoles: z.array(z.string().max(60)).max(50).default([]),
  }),
  z.object({ kind: z.literal("environments"), key, title, note: markdown.optional(), subsections: z.array(subsectionSchema).max(50) }),
  z.object({ kind: z.literal("runbook"), key, title, markdown }),
  z.object({ kind: z.literal("note"), key, title, markdown }),
  z.object({
    kind: z.literal("signoff"),
    key,
    title,
    groups: z.array(z.object({ title: z.string().max(120), roles: z.array(z.string().trim().min(1).max(60)).max(50) })).max(20),
  }),
  z.object({
    kind: z.literal("contacts"),
    key,
    title,
    columns: z.array(z.string().max(60)).min(1).max(10),
    roles: z.array(z.string().trim().min(1).max(80)).max(50),
  }),
  z.object({
    kind: z.literal("decision"),
    key,
    title,
    options: z.array(z.object({ label: z.string().max(40), description: z.string().max(LIMITS.titleChars) })).min(2).max(5),
  }),
]);

export const templateDocumentSchema = z.object({
  title,
  description: markdown.default(""),
  blocks: z.array(blockSchema).max(LIMITS.blocks),
  closingNote: markdown.default(""),
});

export type TemplateItem = z.infer<typeof itemSchema>;
export type TemplateSubsection = z.infer<typeof subsectionSchema>;
export type TemplateBlock = z.infer<typeof blockSchema>;
export type ChecklistBlock = Extract<TemplateBlock, { kind: "checklist" }>;
export type EnvironmentsBlock = Extract<TemplateBlock, { kind: "environments" }>;
export type SignoffBlock = Extract<TemplateBlock, { kind: "signoff" }>;
export type TemplateDocument = z.infer<typeof templateDocumentSchema>;

export type TemplateCounts = {
  sections: number;
  subsections: number;
  items: number;
  environmentItems: Record<string, number>;
  signoffRoles: number;
  contactRoles: number;
};

/** The figures people check: checklist sections, their subsections and items; environment items per environment. */
export function countTemplate(document: TemplateDocument): TemplateCounts {
  const counts: TemplateCounts = { sections: 0, subsections: 0, items: 0, environmentItems: {}, signoffRoles: 0, contactRoles: 0 };
  for (const block of document.blocks) {
    if (block.kind === "checklist") {
      counts.sections += 1;
      counts.subsections += block.subsections.filter((subsection) => subsection.title !== "").length;
      counts.items += block.subsections.reduce((sum, subsection) => sum + subsection.items.length, 0);
    } else if (block.kind === "environments") {
      for (const item of block.subsections.flatMap((subsection) => subsection.items)) {
        for (const environment of item.environments ?? []) counts.environmentItems[environment] = (counts.environmentItems[environment] ?? 0) + 1;
      }
    } else if (block.kind === "signoff") {
      counts.signoffRoles += block.groups.reduce((sum, group) => sum + group.roles.length, 0);
    } else if (block.kind === "contacts") {
      counts.contactRoles += block.roles.length;
    }
  }
  return counts;
}

/** Every item of the template, in reading order, with where it sits. */
export function allItems(document: TemplateDocument): { item: TemplateItem; block: TemplateBlock; subsection: TemplateSubsection }[] {
  return document.blocks.flatMap((block) =>
    block.kind === "checklist" || block.kind === "environments"
      ? block.subsections.flatMap((subsection) => subsection.items.map((item) => ({ item, block, subsection })))
      : [],
  );
}

export function signoffRoleNames(document: TemplateDocument): string[] {
  return document.blocks.flatMap((block) => (block.kind === "signoff" ? block.groups.flatMap((group) => group.roles) : []));
}
