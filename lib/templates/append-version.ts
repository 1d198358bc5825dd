import type { Prisma, Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent } from "../audit/append-event";
import { canonicalJson } from "../audit/canonical-json";
import { countTemplate, signoffRoleNames, type TemplateDocument } from "./document";
import { diffDocuments, summarizeDiff } from "./diff-versions";
import { ensureSignoffRoles } from "./ensure-signoff-roles";
import type { ParseProblem } from "./parse-markdown";

export type AppendVersionInput = {
  template: { id: string; name: string };
  latest: { version: number; document: TemplateDocument };
  document: TemplateDocument;
  notices?: ParseProblem[];
  sourceName?: string | null;
};

/**
 * Adds version latest+1 with its audit event, unless the content is the same
 * as the latest version's. Callers hold the template's row lock.
 */
export async function appendTemplateVersion(tx: Tx, context: AuditContext, input: AppendVersionInput): Promise<{ version: number; unchanged: boolean }> {
  const { template, latest, document } = input;
  // jsonb reorders keys, so compare canonical forms.
  if (canonicalJson(latest.document) === canonicalJson(document)) return { version: latest.version, unchanged: true };
  await ensureSignoffRoles(tx, context, signoffRoleNames(document));
  const version = latest.version + 1;
  const counts = countTemplate(document);
  await tx.templateVersion.create({
    data: {
      templateId: template.id,
      version,
      document: document as Prisma.InputJsonValue,
      counts: counts as Prisma.InputJsonValue,
      notices: (input.notices ?? []) as Prisma.InputJsonValue,
      sourceName: input.sourceName ?? null,
      createdById: context.actor.id ?? null,
    },
  });
  await appendAuditEvent(tx, context, {
    type: "template.version_created",
    subject: { kind: "template", id: template.id, label: template.name },
    data: { before: { version: latest.version }, after: { version, counts }, changes: summarizeDiff(diffDocuments(latest.document, document)) },
  });
  return { version, unchanged: false };
}

/** Locks a template (by id, or by name within its project, any case) and reads its latest version, inside the caller's transaction. */
export async function lockTemplate(tx: Tx, where: { id: string } | { projectId: string; name: string }) {
  const rows =
    "id" in where
      ? await tx.$queryRaw<{ id: string; name: string }[]>`SELECT id::text, name FROM templates WHERE id = ${where.id}::uuid FOR UPDATE`
      : await tx.$queryRaw<{ id: string; name: string }[]>`SELECT id::text, name FROM templates WHERE project_id = ${where.projectId}::uuid AND lower(name) = lower(${where.name}) FOR UPDATE`;
  const template = rows[0];
  if (!template) return undefined;
  const latest = await tx.templateVersion.findFirstOrThrow({
    where: { templateId: template.id },
    orderBy: { version: "desc" },
    select: { version: true, document: true },
  });
  return { template, latest: { version: latest.version, document: latest.document as TemplateDocument } };
}
