import { listProjects } from "@/lib/projects/list-projects";
import { projectListSchema, type ProjectListBody } from "../_lib/responses";
import { v1Route } from "../_lib/v1-route";

export const dynamic = "force-dynamic";

/** The projects the caller may read (a token restricted to one project: that one), by name. */
// Any signed-in caller may ask which projects they may read (the answer may be none): profile:read, which every role holds.
export const GET = v1Route({ permission: "profile:read", response: projectListSchema }, async (_input, { user, token }): Promise<ProjectListBody> => {
  const projects = await listProjects(user);
  return { projects: token?.project ? projects.filter((project) => project.id === token.project?.id) : projects };
});
