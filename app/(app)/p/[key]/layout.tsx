import type { ReactNode } from "react";
import { requireProject } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { ProjectNav } from "@/components/projects/project-nav";

/**
 * Every page of a project (/p/<key>/…): the project must exist and the user
 * must be able to read it, or the answer is a real 404 (checked here, above
 * every loading boundary, before anything streams). The project's bar sits
 * on top of its pages.
 */
export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string }> }) {
  const { user, project } = await requireProject((await params).key);
  return (
    <>
      <ProjectNav project={{ key: project.key, name: project.name }} canManage={can(user, "project:manage", project)} />
      {children}
    </>
  );
}
