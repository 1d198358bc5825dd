import "server-only";
import { AppError } from "../errors/app-error";
import { resolveProject, type ProjectRef, type ProjectScope } from "../projects/resolve-project";
import { can, type Permission, type Subject } from "./permissions";

/**
 * The project check shared by the action and route wrappers and by pages:
 * the object's project must exist and be readable by the user, or the answer
 * is "not found" (its existence does not leak, issue 11); then the permission
 * must hold there, or the answer is "forbidden".
 */
export async function authorizeInProject(user: Subject, permission: Permission, scope: ProjectScope, notFoundMessage = "Not found."): Promise<ProjectRef> {
  const project = await resolveProject(scope);
  if (!project || !can(user, "release:read", project)) throw new AppError("NOT_FOUND", notFoundMessage);
  if (!can(user, permission, project)) throw new AppError("FORBIDDEN", "You do not have permission to do that in this project.");
  return project;
}
