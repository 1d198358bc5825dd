import type { Metadata } from "next";
import Link from "next/link";
import { FolderGit2, Users } from "lucide-react";
import { requireUser } from "@/lib/auth/current-user";
import { APP_ROLE_LABELS, can, PROJECT_ROLE_LABELS, readableProjectIds } from "@/lib/auth/permissions";
import { listReleases } from "@/lib/releases/list-releases";
import { newReleasePath, projectPath, PROJECTS_PATH, releasesPath } from "@/lib/projects/paths";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RecentReleasesCard } from "@/components/releases/recent-releases-card";
import { firstProject, readableProjects } from "@/app/_lib/header-projects";

export const metadata: Metadata = { title: "Overview" };

/** The projects card lists at most this many; "All projects" has the rest. */
const PROJECTS_SHOWN = 6;

export default async function OverviewPage() {
  const user = await requireUser();
  const projects = await readableProjects(user);
  const recent = projects.length > 0 ? await listReleases({ pageSize: 5 }, user) : null;
  const creatable = firstProject(user, projects, "release:create");
  const only = projects.length === 1 ? projects[0]! : null;
  const projectName = new Map(projects.map((project) => [project.id, project.name]));
  return (
    <div className="space-y-8">
      <PageHeader title={`Welcome, ${user.name}`} description="Your access in Countersign." />
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Your roles</CardTitle>
            <CardDescription>What you may do here is decided on the server from these roles.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <div>
              <p className="text-sm text-muted-foreground">Application role</p>
              <Badge className="mt-1">{APP_ROLE_LABELS[user.appRole]}</Badge>
            </div>
            <div>
              <p className="text-sm text-muted-foreground">Sign-off roles</p>
              {user.signoffRoles.length ? (
                <ul className="mt-1 flex flex-wrap gap-2" aria-label="Sign-off roles">
                  {user.signoffRoles.map((role) => (
                    <li key={`${role.projectId}:${role.key}`}>
                      <Badge variant="outline">
                        {role.name}{" "}
                        <span className="font-normal text-muted-foreground">in {projectName.get(role.projectId) ?? "a project"}</span>
                      </Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-sm">
                  {!can(user, "profile:update")
                    ? "None. Your access is read-only."
                    : can(user, "project:create")
                      ? "None. You manage every project; to sign, a project's maintainer makes you a member and a role holder there."
                      : "None. You can work on checklists but not sign off for a role."}
                </p>
              )}
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="flex-row items-start justify-between gap-4 space-y-0">
            <div className="space-y-1.5">
              <CardTitle>Projects</CardTitle>
              <CardDescription>{readableProjectIds(user) === "all" ? "Every project: you may read them all." : "The projects you work on or may read."}</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            {projects.length === 0 ? (
              <EmptyState
                icon={FolderGit2}
                titleAs="h3"
                title="No projects yet"
                description={can(user, "project:create") ? "Create the first project." : "A project's maintainer or an admin adds you to a project."}
                action={
                  can(user, "project:create") ? (
                    <Button asChild size="sm" variant="outline">
                      <Link href={PROJECTS_PATH}>Go to projects</Link>
                    </Button>
                  ) : null
                }
              />
            ) : (
              <div className="space-y-3">
                <ul aria-label="Your projects" className="divide-y divide-border">
                  {projects.slice(0, PROJECTS_SHOWN).map((project) => (
                    <li key={project.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2.5 first:pt-0">
                      <Link href={projectPath(project.key)} className="font-medium underline-offset-4 hover:underline">
                        {project.name}
                      </Link>
                      {project.role ? <Badge variant="secondary">{PROJECT_ROLE_LABELS[project.role]}</Badge> : null}
                      <Link href={releasesPath(project.key)} className="ml-auto text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
                        {project.openReleases} open {project.openReleases === 1 ? "release" : "releases"}
                      </Link>
                    </li>
                  ))}
                </ul>
                <Button asChild variant="link">
                  <Link href={PROJECTS_PATH}>{projects.length > PROJECTS_SHOWN ? `All ${projects.length} projects` : "All projects"}</Link>
                </Button>
              </div>
            )}
          </CardContent>
        </Card>
        {recent ? (
          <RecentReleasesCard
            releases={recent.releases}
            total={recent.total}
            newHref={creatable ? newReleasePath(creatable.key) : null}
            allHref={only ? releasesPath(only.key) : null}
            showProject={!only}
            description={only ? "Open releases first, with their progress." : "Open releases of all your projects first, with their progress."}
          />
        ) : null}
        {can(user, "user:manage") ? (
          <Card>
            <CardHeader>
              <CardTitle>Administration</CardTitle>
              <CardDescription>Create users and projects, disable accounts.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap gap-2">
              <Button asChild>
                <Link href="/admin/users">
                  <Users aria-hidden="true" className="size-4" />
                  Manage users
                </Link>
              </Button>
              <Button asChild variant="outline">
                <Link href={PROJECTS_PATH}>
                  <FolderGit2 aria-hidden="true" className="size-4" />
                  Manage projects
                </Link>
              </Button>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
