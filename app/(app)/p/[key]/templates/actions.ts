"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/auth/action";
import { formAction } from "@/app/_lib/form-action";
import { importTemplate } from "@/lib/templates/import-template";
import { previewTemplateImport } from "@/lib/templates/preview-template-import";
import { saveTemplateVersion } from "@/lib/templates/save-template-version";
import { importTemplateSchema } from "@/lib/templates/template.schema";
import { AppError } from "@/lib/errors/app-error";
import { idField, wholeNumberField } from "@/lib/http/parse-id";
import { templatePath, templatesPath } from "@/lib/projects/paths";

/** The import form names the project it imports into (its key, from the page's URL). */
const importIntoProjectSchema = importTemplateSchema.extend({ projectKey: z.string({ message: "Unknown project." }).max(40, "Unknown project.") });

/** Parses the pasted or uploaded Markdown and returns the preview; writes nothing. */
export const previewTemplateImportAction = formAction(validatedAction({ name: "previewTemplateImport", permission: "template:manage", schema: importIntoProjectSchema, project: (input) => ({ projectKey: input.projectKey }) }, async (input) => {
  const preview = previewTemplateImport(input.markdown, input.name ?? input.sourceName?.replace(/\.(md|markdown|txt)$/i, ""));
  if (!preview.ok) {
    const errors = preview.errors.map((problem) => `Line ${problem.line}: ${problem.message}`);
    throw new AppError("BAD_REQUEST", errors[0] ?? "The checklist could not be read.", { markdown: errors });
  }
  return { message: `Parsed ${preview.counts.items} items in ${preview.counts.sections} sections.`, data: preview };
}));

export const importTemplateAction = formAction(validatedAction({ name: "importTemplate", permission: "template:manage", schema: importIntoProjectSchema, project: (input) => ({ projectKey: input.projectKey }) }, async ({ projectKey: _projectKey, ...input }, context) => {
  const imported = await importTemplate(context, { ...input, projectId: context.project!.id });
  revalidatePath(templatesPath(context.project!.key));
  const message = imported.created
    ? `Imported "${imported.name}".`
    : imported.unchanged
      ? `"${imported.name}" already has this content (version ${imported.version}); nothing was saved.`
      : `Saved version ${imported.version} of "${imported.name}".`;
  return { message, data: { templateId: imported.templateId, version: imported.version } };
}));

const saveSchema = z.object({
  templateId: idField("Unknown template."),
  baseVersion: wholeNumberField("Base version", { min: 1 }),
  document: z.string().max(5_000_000, "The template is too large.").transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "The editor sent a malformed template." });
      return z.NEVER;
    }
  }),
});

/** The editor posts the whole document as JSON with the version it started from. */
export const saveTemplateVersionAction = formAction(validatedAction({ name: "saveTemplateVersion", permission: "template:manage", schema: saveSchema, project: (input) => ({ templateId: input.templateId }) }, async (input, context) => {
  const saved = await saveTemplateVersion(context, {
    templateId: input.templateId,
    baseVersion: input.baseVersion,
    document: input.document as never,
  });
  revalidatePath(templatePath(context.project!.key, input.templateId));
  return {
    message: saved.unchanged ? "No changes to save." : `Saved version ${saved.version}.`,
    data: { version: saved.version, unchanged: saved.unchanged },
  };
}));
