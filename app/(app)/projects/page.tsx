import type { Metadata } from "next";
import Link from "next/link";
import { FolderGit2 } from "lucide-react";
import { requireUser } from "@/lib/auth/current-user";
import { can, PROJECT_ROLE_LABELS, readableProjectIds } from "@/lib/auth/permissions";
import { projectPath, releasesPath } from "@/lib/projects/paths";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateProjectDialog } from "@/components/projects/create-project-dialog";
import { readableProjects } from "@/app/_lib/header-projects";

export const metadata: Metadata = { title: "Projects" };

/** Every project the user may read (their own, or all for admins and auditors), and for admins a way to create one. */
export default async function ProjectsPage() {
  const user = await requireUser();
  const projects = await readableProjects(user);
  const create = can(user, "project:create");
  return (
    <div className="space-y-8">
      <PageHeader
        title="Projects"
        description={
          readableProjectIds(user) === "all"
            ? "Every product and service. Each has its own checklists, environments, members and sign-off role holders."
            : "The products and services you work on or may read. Each has its own checklists, environments, members and sign-off role holders."
        }
        actions={create ? <CreateProjectDialog /> : null}
      />
      {projects.length === 0 ? (
        <EmptyState
          icon={FolderGit2}
          title="No projects yet"
          description={create ? "Create the first project: a product or service with its own checklists and signers." : "You are not a member of any project yet. A project's maintainer or an admin adds you."}
        />
      ) : (
        <ul aria-label="Projects" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {projects.map((project) => (
            <li key={project.id}>
              <Card className="h-full">
                <CardHeader className="space-y-1.5 p-4 sm:p-6">
                  <CardTitle className="text-lg">
                    <Link href={projectPath(project.key)} className="underline-offset-4 [overflow-wrap:anywhere] hover:underline focus-visible:rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring">
                      {project.name}
                    </Link>
                  </CardTitle>
                  <CardDescription className="font-mono text-xs">{project.key}</CardDescription>
                </CardHeader>
                <CardContent className="space-y-3 px-4 pb-4 text-sm sm:px-6 sm:pb-6">
                  {project.description ? <p className="line-clamp-3 text-muted-foreground [overflow-wrap:anywhere]">{project.description}</p> : null}
                  <div className="flex flex-wrap items-center gap-2">
                    {project.role ? <Badge>{`You: ${PROJECT_ROLE_LABELS[project.role]}`}</Badge> : null}
                    <Badge variant="outline">
                      {project.memberCount} {project.memberCount === 1 ? "member" : "members"}
                    </Badge>
                    <Link href={releasesPath(project.key)} className="text-primary underline-offset-4 hover:underline">
                      {project.openReleases} open {project.openReleases === 1 ? "release" : "releases"}
                    </Link>
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
