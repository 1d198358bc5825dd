import "server-only";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { can, type Permission } from "@/lib/auth/permissions";
import { PROJECTS_PATH } from "@/lib/projects/paths";
import { resolveProject } from "@/lib/projects/resolve-project";
import { firstProject, readableProjects } from "./header-projects";

/**
 * The URLs from before projects (/releases/…, /templates/…) stay valid for
 * bookmarks: each redirects to the page's place under /p/<key>/ when the
 * user may read it, else "not found" (as the new URL would answer).
 */

type SearchParams = Record<string, string | string[] | undefined>;

/** The query string as it came, for the redirect. */
export function queryOf(searchParams: SearchParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    for (const entry of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, entry);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * /releases, /templates: the same page of the user's first project, or the
 * projects page when they have none. /releases/new, /templates/import
 * (`orNotFound`): the first project where the user may do that, else not
 * found (as that page of any project would answer them).
 */
export async function redirectToFirstProject(permission: Permission, page: (key: string) => string, query = "", orNotFound = false): Promise<never> {
  const user = await requireUser();
  const project = firstProject(user, await readableProjects(user), permission);
  if (!project && orNotFound) notFound();
  redirect(project ? `${page(project.key)}${query}` : PROJECTS_PATH);
}

/** /releases/<id>/… and /templates/<id>/…: the object's page in its project when the user may read it; else not found. */
export async function redirectToObject(object: { releaseId: string } | { templateId: string }, page: (key: string) => string, query = ""): Promise<never> {
  const user = await requireUser();
  const project = await resolveProject(object);
  if (!project || !can(user, "release:read", project)) notFound();
  redirect(`${page(project.key)}${query}`);
}
