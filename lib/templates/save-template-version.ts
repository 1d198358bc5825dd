import "server-only";
import { db, Prisma } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { AppError } from "../errors/app-error";
import { checkDocument } from "./check-document";
import type { TemplateDocument } from "./document";
import { appendTemplateVersion, lockTemplate } from "./append-version";
import { saveTemplateVersionSchema, type SaveTemplateVersionInput } from "./template.schema";

export class TemplateConflictError extends AppError {
  constructor(readonly latestVersion: number) {
    super(
      "CONFLICT",
      `Someone saved version ${latestVersion} of this template while you were editing. Your changes were not saved; copy them, reload, and apply them to version ${latestVersion}.`,
    );
  }
}

/**
 * Saves an edited template as a new immutable version. The editor says which
 * version it started from; if another version was saved meanwhile the save
 * is refused (optimistic concurrency) and nothing is written. The template's
 * row lock orders concurrent saves, and the unique (template, version) pair
 * backs it up.
 */
export async function saveTemplateVersion(context: AuditContext, raw: SaveTemplateVersionInput): Promise<{ version: number; unchanged: boolean }> {
  const input = saveTemplateVersionSchema.parse(raw);
  const document: TemplateDocument = input.document;
  checkDocument(document);
  try {
    return await db.$transaction(async (tx) => {
      const locked = await lockTemplate(tx, { id: input.templateId });
      if (!locked) throw new AppError("NOT_FOUND", "Template not found.");
      if (locked.latest.version !== input.baseVersion) throw new TemplateConflictError(locked.latest.version);
      return appendTemplateVersion(tx, context, { ...locked, document });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const latest = await db.templateVersion.findFirst({ where: { templateId: input.templateId }, orderBy: { version: "desc" }, select: { version: true } });
      throw new TemplateConflictError(latest?.version ?? input.baseVersion + 1);
    }
    throw error;
  }
}
