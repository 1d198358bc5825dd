import { z } from "zod";
import { LIMITS, templateDocumentSchema } from "./document";
import { TEMPLATE_FILE_LIMIT } from "./file-limit";
import { idField, wholeNumberField } from "../http/parse-id";

export const templateNameSchema = z
  .string({ message: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(120, "Name must be at most 120 characters.")
  // eslint-disable-next-line no-control-regex -- control characters are refused on purpose
  .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), "Name may not contain control characters or angle brackets.");

export const importTemplateSchema = z.object({
  markdown: z
    .string({ message: "Paste the checklist or choose a file." })
    .min(1, "Paste the checklist or choose a file.")
    .max(LIMITS.fileBytes * 2, `The checklist is over ${TEMPLATE_FILE_LIMIT}.`),
  name: templateNameSchema.optional().or(z.literal("").transform(() => undefined)),
  sourceName: z.string().trim().max(255).optional(),
});
export type ImportTemplateInput = z.input<typeof importTemplateSchema>;

export const saveTemplateVersionSchema = z.object({
  templateId: idField("Unknown template."),
  baseVersion: wholeNumberField("Base version", { min: 1 }),
  document: templateDocumentSchema,
});
export type SaveTemplateVersionInput = z.input<typeof saveTemplateVersionSchema>;
