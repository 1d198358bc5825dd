import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { resolveProject, type ProjectRef } from "@/lib/projects/resolve-project";

/**
 * For route handlers under /p/<key>/…, after the wrapper has checked the
 * URL's project (`project: ({ key }) => ({ projectKey: key })`): the object
 * the path names must belong to that very project, else "not found", as the
 * pages answer (requireProject's `within`).
 */
export async function requireInProject(project: ProjectRef | undefined, object: { releaseId: string } | { templateId: string }, message = "Not found."): Promise<void> {
  const owner = await resolveProject(object);
  if (!project || !owner || owner.id !== project.id) throw new AppError("NOT_FOUND", message);
}
