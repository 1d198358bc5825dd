import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { type TemplateDocument, templateDocumentSchema } from "./document";

// Template versions never change, so their parsed documents can be cached for the life of the process.
const cache = new Map<string, TemplateDocument>();
const MAX_CACHED = 200;

export async function loadTemplateDocument(templateVersionId: string): Promise<TemplateDocument> {
  const cached = cache.get(templateVersionId);
  if (cached) return cached;
  const row = await db.templateVersion.findUnique({ where: { id: templateVersionId }, select: { document: true } });
  if (!row) throw new AppError("NOT_FOUND", "Template version not found.");
  const document = templateDocumentSchema.parse(row.document);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(templateVersionId, document);
  return document;
}
