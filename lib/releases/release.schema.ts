import { z } from "zod";
import { ITEM_STATUSES, needsReason } from "./release-status";
import { idField, wholeNumberField } from "../http/parse-id";
import { LINE_BREAK } from "../templates/markdown-text";

/** Fields that are one line in the exported checklist refuse line breaks here, naming the field; the export also normalises them. */
const oneLine = (value: string) => !LINE_BREAK.test(value);

/** Semantic Versioning 2.0.0 (semver.org), with an optional leading "v" removed. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const versionSchema = z
  .string({ message: "Version is required." })
  .trim()
  .min(1, "Version is required.")
  .max(64, "Version must be at most 64 characters.")
  .transform((value) => value.replace(/^v(?=\d)/, ""))
  .refine((value) => SEMVER.test(value), "Version must be a semantic version such as 2.4.0 or 2.4.0-rc.1.");

export const environmentKeySchema = z
  .string({ message: "Environment is required." })
  .trim()
  .min(1, "Environment is required.")
  .max(40, "Unknown environment.")
  .regex(/^[a-z][a-z0-9-]*$/, "Unknown environment.");

export const createReleaseSchema = z.object({
  templateId: idField("Unknown template."),
  templateVersion: wholeNumberField("Template version", { min: 1 }).optional(),
  version: versionSchema,
  environment: environmentKeySchema,
});
export type CreateReleaseInput = z.input<typeof createReleaseSchema>;

export const MAX_NOTE = 10_000;
export const MAX_EVIDENCE = 10;

export const evidenceLinkSchema = z
  .string()
  .trim()
  .max(2000, "Evidence links are at most 2,000 characters.")
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "Evidence links must be http(s) URLs.");

const itemStateFields = z.object({
  releaseId: idField("Unknown release."),
  itemKey: z.string().regex(/^[a-z0-9-]{1,40}$/, "Unknown item."),
  status: z.enum(ITEM_STATUSES, { message: "Status must be open, done, na or blocked." }),
  reason: z.string().trim().max(1000, "Reason must be at most 1,000 characters.").refine(oneLine, "Reason must be one line (no line breaks).").optional(),
  note: z.string().max(MAX_NOTE, `Notes are at most ${MAX_NOTE.toLocaleString("en")} characters.`).optional(),
  evidenceLinks: z.array(evidenceLinkSchema).max(MAX_EVIDENCE, `At most ${MAX_EVIDENCE} evidence links.`).optional(),
  assigneeId: idField("Unknown assignee.").nullable().optional(),
  /** The item version the change was based on (optimistic concurrency). */
  expectedVersion: wholeNumberField("expectedVersion", { min: 0 }),
});

/** N/A and blocked need a reason: the one place this rule is written (the browser, the API and the use case all check it through here). */
export function requireReason(value: { status: string; reason?: string }, context: z.RefinementCtx) {
  if (needsReason(value.status) && !value.reason) {
    context.addIssue({ code: "custom", path: ["reason"], message: value.status === "na" ? "Say why the item does not apply." : "Say what blocks the item." });
  }
}

/** A change from the browser: always based on the item version the person saw. */
export const setItemStateSchema = itemStateFields.superRefine(requireReason);

/** What the use case accepts: without `expectedVersion` (API callers that do not track versions) the change applies on top of the current one. */
export const applyItemStateSchema = itemStateFields.extend({ expectedVersion: itemStateFields.shape.expectedVersion.optional() }).superRefine(requireReason);
export type ApplyItemStateInput = z.input<typeof applyItemStateSchema>;
export type SetItemStateInput = z.input<typeof setItemStateSchema>;
/** A change already validated (by the action, the API route or setItemState itself). */
export type ItemChange = z.output<typeof applyItemStateSchema>;

export const contactsSchema = z.object({
  releaseId: idField("Unknown release."),
  contacts: z
    .array(
      z.object({
        role: z.string().trim().min(1).max(80),
        name: z.string().trim().max(120, "Names are at most 120 characters.").refine(oneLine, "Names must be one line (no line breaks)."),
        phone: z.string().trim().max(40, "Phone numbers are at most 40 characters.").regex(/^[0-9+()\-. ]*$/, "Phone numbers may contain digits, spaces and + ( ) - . only."),
        email: z.union([z.literal(""), z.string().trim().max(254).email("Enter a valid email address.")]),
      }),
    )
    .max(50),
});
export type ContactsInput = z.input<typeof contactsSchema>;

/** A section key of a checklist (lib/templates/document.ts); anything else names no section. */
const sectionKeySchema = z.string().regex(/^[a-z0-9-]{1,40}$/, "Unknown section.");

/**
 * Opening or closing sections of a release page (docs/decisions/028): the
 * sections to open and those to close; one change or all of them ("Expand
 * all"). A template has at most 200 blocks, so 200 each.
 */
export const setOpenSectionsSchema = z
  .object({
    releaseId: idField("Unknown release."),
    open: z.array(sectionKeySchema).max(200, "At most 200 sections.").default([]),
    closed: z.array(sectionKeySchema).max(200, "At most 200 sections.").default([]),
  })
  .refine((value) => value.open.length + value.closed.length > 0, { path: ["open"], message: "Name a section to open or close." })
  .refine((value) => !value.open.some((key) => value.closed.includes(key)), { path: ["closed"], message: "A section cannot be opened and closed at once." });
export type SetOpenSectionsInput = z.input<typeof setOpenSectionsSchema>;
