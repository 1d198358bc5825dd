import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { type TemplateCounts, type TemplateDocument, templateDocumentSchema } from "./document";
import type { ParseProblem } from "./parse-markdown";
import { requireId } from "../http/parse-id";

export type TemplateSummary = { id: string; name: string; latestVersion: number; counts: TemplateCounts; updatedAt: Date };
export type TemplateVersionView = {
  templateId: string;
  name: string;
  version: number;
  latestVersion: number;
  document: TemplateDocument;
  counts: TemplateCounts;
  notices: ParseProblem[];
  sourceName: string | null;
  createdAt: Date;
  versions: { version: number; createdAt: Date; counts: TemplateCounts }[];
};

/** The templates of one project, or of every project when none is named, by name. */
export async function listTemplates(projectId?: string): Promise<TemplateSummary[]> {
  const templates = await db.template.findMany({
    where: projectId === undefined ? {} : { projectId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, counts: true, createdAt: true } },
    },
  });
  return templates.flatMap((template) => {
    const latest = template.versions[0];
    return latest ? [{ id: template.id, name: template.name, latestVersion: latest.version, counts: latest.counts as TemplateCounts, updatedAt: latest.createdAt }] : [];
  });
}

/** One version of a template (the latest when `version` is omitted), parsed again on read. */
export async function getTemplateVersion(templateId: string, version?: number): Promise<TemplateVersionView> {
  templateId = requireId(templateId, "Template not found.");
  const template = await db.template.findUnique({
    where: { id: templateId },
    select: { id: true, name: true, versions: { orderBy: { version: "desc" }, select: { version: true, createdAt: true, counts: true } } },
  });
  const latestVersion = template?.versions[0]?.version;
  if (!template || latestVersion === undefined) throw new AppError("NOT_FOUND", "Template not found.");
  const wanted = version ?? latestVersion;
  const row = await db.templateVersion.findUnique({ where: { templateId_version: { templateId, version: wanted } } });
  if (!row) throw new AppError("NOT_FOUND", `Version ${wanted} of this template does not exist.`);
  return {
    templateId: template.id,
    name: template.name,
    version: row.version,
    latestVersion,
    document: templateDocumentSchema.parse(row.document),
    counts: row.counts as TemplateCounts,
    notices: row.notices as ParseProblem[],
    sourceName: row.sourceName,
    createdAt: row.createdAt,
    versions: template.versions.map((entry) => ({ version: entry.version, createdAt: entry.createdAt, counts: entry.counts as TemplateCounts })),
  };
}
