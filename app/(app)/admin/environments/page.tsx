import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/current-user";
import { projectSettingsPath, PROJECTS_PATH } from "@/lib/projects/paths";
import { firstProject, readableProjects } from "@/app/_lib/header-projects";

/**
 * Environments belong to a project (issue 11): they are edited in each
 * project's settings. This address, from before projects, leads to the
 * environments of the admin's first project (the projects page without one).
 */
export default async function EnvironmentsPage() {
  const user = await requirePermission("user:read");
  const project = firstProject(user, await readableProjects(user), "environment:manage");
  redirect(project ? projectSettingsPath(project.key, "environments") : PROJECTS_PATH);
}
