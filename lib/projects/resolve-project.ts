import "server-only";
import { sqlQuery } from "../db/sql";
import { isId } from "../http/parse-id";

export type ProjectRef = { id: string; key: string; name: string };

/** What an action or route acts on, named by its input: a release, a template, an environment, or the project itself. */
export type ProjectScope = { releaseId: string } | { signoffId: string } | { templateId: string } | { projectKey: string } | { projectId: string };

/**
 * The project an input belongs to, or null when there is no such object (the
 * wrappers answer "not found" then, as they do for a project the caller may
 * not read: lib/auth/action.ts, lib/auth/api-route.ts). One indexed read.
 */
export async function resolveProject(scope: ProjectScope): Promise<ProjectRef | null> {
  let where: string;
  let value: string;
  if ("releaseId" in scope) [where, value] = ["p.id = (SELECT project_id FROM releases WHERE id = $1::uuid)", scope.releaseId];
  else if ("signoffId" in scope) [where, value] = ["p.id = (SELECT r.project_id FROM signoffs s JOIN releases r ON r.id = s.release_id WHERE s.id = $1::uuid)", scope.signoffId];
  else if ("templateId" in scope) [where, value] = ["p.id = (SELECT project_id FROM templates WHERE id = $1::uuid)", scope.templateId];
  else if ("projectId" in scope) [where, value] = ["p.id = $1::uuid", scope.projectId];
  else [where, value] = ["p.key = $1", scope.projectKey];
  if (!("projectKey" in scope) && !isId(value)) return null;
  if ("projectKey" in scope && !/^[a-z0-9-]{2,40}$/.test(value)) return null;
  const [project] = await sqlQuery<ProjectRef>(`SELECT p.id::text, p.key, p.name FROM projects p WHERE ${where}`, [value]);
  return project ?? null;
}
