import { AppError } from "@/lib/errors/app-error";
import { getProject } from "@/lib/projects/get-project";
import { projectSchema, type ProjectBody } from "../../_lib/responses";
import { projectKeyOf, v1Route } from "../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** One project the caller may read (404 for any other, whether it exists or not). */
export const GET = v1Route({ permission: "release:read", response: projectSchema, projectKey: projectKeyOf }, async (_input, { params, user }): Promise<ProjectBody> => {
  const project = await getProject(projectKeyOf(params), user);
  if (!project) throw new AppError("NOT_FOUND", "Project not found.");
  return project;
});
