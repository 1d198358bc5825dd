import "server-only";
import { db, Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { AppError } from "../errors/app-error";
import { requireId } from "../http/parse-id";
import { ensureSignoffRoles } from "./ensure-signoff-roles";
import { appendTemplateVersion, lockTemplate } from "./append-version";
import { carryKeys } from "./carry-keys";
import { previewTemplateImport, titleFromFileName } from "./preview-template-import";
import { importTemplateSchema, type ImportTemplateInput } from "./template.schema";
import { signoffRoleNames, type TemplateCounts } from "./document";

export type ImportedTemplate = {
  templateId: string;
  version: number;
  name: string;
  counts: TemplateCounts;
  /** false when a template of that name existed and this import added a version to it. */
  created: boolean;
  /** true when the content equals the latest version's: nothing was written. */
  unchanged: boolean;
};

/**
 * Imports a Markdown checklist: a new template (version 1), or a new version
 * of the template with the same name. Bad input is refused with the line it
 * concerns, and nothing is written. Sign-off roles the template names but the
 * system lacks are created with it (sign-off role names are organisation-wide).
 *
 * The template belongs to the project `projectId` (from the caller's checked
 * context, never from the form); template names are unique within a project,
 * so two projects may each have their own "Production checklist".
 */
export async function importTemplate(context: AuditContext, raw: ImportTemplateInput & { projectId: string }): Promise<ImportedTemplate> {
  const input = importTemplateSchema.parse(raw);
  const projectId = requireId(raw.projectId, "Project not found.");
  const preview = previewTemplateImport(input.markdown, input.name ?? titleFromFileName(input.sourceName));
  if (!preview.ok) {
    const [first] = preview.errors;
    const message = first ? `Line ${first.line}: ${first.message}` : "The checklist could not be read.";
    throw new AppError("BAD_REQUEST", message, { markdown: preview.errors.map((error) => `Line ${error.line}: ${error.message}`) });
  }
  const name = input.name ?? preview.document.title;
  try {
    return await db.$transaction(async (tx) => {
      if (!(await tx.project.findUnique({ where: { id: projectId }, select: { id: true } }))) {
        throw new AppError("NOT_FOUND", "Project not found.", { project: ["Project not found."] });
      }
      const existing = await lockTemplate(tx, { projectId, name });
      if (existing) {
        // Re-importing a template by name adds a version, keeping the keys of unchanged items.
        const document = carryKeys(existing.latest.document, preview.document);
        const saved = await appendTemplateVersion(tx, context, { ...existing, document, notices: preview.notices, sourceName: input.sourceName });
        return { templateId: existing.template.id, version: saved.version, name: existing.template.name, counts: preview.counts, created: false, unchanged: saved.unchanged };
      }
      await ensureSignoffRoles(tx, context, signoffRoleNames(preview.document));
      const template = await tx.template.create({ data: { projectId, name, createdById: context.actor.id ?? null } });
      await tx.templateVersion.create({
        data: {
          templateId: template.id,
          version: 1,
          document: preview.document as Prisma.InputJsonValue,
          counts: preview.counts as Prisma.InputJsonValue,
          notices: preview.notices as Prisma.InputJsonValue,
          sourceName: input.sourceName ?? null,
          createdById: context.actor.id ?? null,
        },
      });
      await appendAuditEvent(tx, context, {
        type: "template.imported",
        subject: { kind: "template", id: template.id, label: name },
        data: { after: { name, version: 1, sourceName: input.sourceName ?? null, counts: preview.counts } },
      });
      return { templateId: template.id, version: 1, name, counts: preview.counts, created: true, unchanged: false };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const message = `A template named "${name}" already exists; choose another name.`;
      throw new AppError("CONFLICT", message, { name: [message] });
    }
    throw error;
  }
}
