import "server-only";
import { db } from "../db/client";
import { signoffRoleNames, templateDocumentSchema } from "./document";

/** The sign-off roles the latest version of any template of the project names, by name, each once. */
export async function requiredSignoffRoles(projectId: string): Promise<string[]> {
  const templates = await db.template.findMany({
    where: { projectId },
    select: { versions: { orderBy: { version: "desc" }, take: 1, select: { document: true } } },
  });
  const names = templates.flatMap((template) => (template.versions[0] ? signoffRoleNames(templateDocumentSchema.parse(template.versions[0].document)) : []));
  return [...new Set(names)];
}
