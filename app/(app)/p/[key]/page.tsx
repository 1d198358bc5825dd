import type { Metadata } from "next";
import Link from "next/link";
import { Settings } from "lucide-react";
import { requireProject } from "@/lib/auth/current-user";
import { can, PROJECT_ROLE_LABELS } from "@/lib/auth/permissions";
import { getProject } from "@/lib/projects/get-project";
import { listProjectMembers } from "@/lib/projects/list-project-members";
import { newReleasePath, projectSettingsPath, releasesPath } from "@/lib/projects/paths";
import { listEnvironments, listReleases } from "@/lib/releases/list-releases";
import { listSignoffRoles } from "@/lib/roles/list-signoff-roles";
import { requiredSignoffRoles } from "@/lib/templates/required-signoff-roles";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RecentReleasesCard } from "@/components/releases/recent-releases-card";

type Params = Promise<{ key: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { project } = await requireProject((await params).key);
  return { title: project.name };
}

/** A project at a glance: what it is, who signs for it, its environments and gates, and its recent releases. */
export default async function ProjectOverviewPage({ params }: { params: Params }) {
  const { user, project } = await requireProject((await params).key);
  const [view, members, allRoles, required, environments, recent] = await Promise.all([
    getProject(project.key, user),
    listProjectMembers(project.id),
    listSignoffRoles(),
    requiredSignoffRoles(project.id),
    listEnvironments(project.id),
    listReleases({ project: project.key, pageSize: 5 }, user),
  ]);
  const holders = (roleKey: string) => members.filter((member) => member.signoffRoles.some((role) => role.key === roleKey));
  // The roles that matter here: those its templates ask for, and any someone holds here (all of them in a project without either yet).
  const needed = new Set(required.map((name) => name.toLowerCase()));
  const relevant = allRoles.filter((role) => needed.has(role.name.toLowerCase()) || holders(role.key).length > 0);
  const roles = relevant.length ? relevant : allRoles;
  const manage = can(user, "project:manage", project);
  const nameOf = (key: string) => environments.find((environment) => environment.key === key)?.name ?? key;
  return (
    <div className="space-y-8">
      <PageHeader
        title={<span className="[overflow-wrap:anywhere]">{project.name}</span>}
        description={view?.description || undefined}
        actions={
          manage ? (
            <Button asChild variant="outline">
              <Link href={projectSettingsPath(project.key)}>
                <Settings aria-hidden="true" />
                Settings
              </Link>
            </Button>
          ) : null
        }
      >
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          <span>
            Key <span className="font-mono text-foreground">{project.key}</span>
          </span>
          <span aria-hidden="true">·</span>
          <span>
            {members.length} {members.length === 1 ? "member" : "members"}
          </span>
          {view?.role ? <Badge variant="secondary">{`You: ${PROJECT_ROLE_LABELS[view.role]}`}</Badge> : null}
        </div>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-2">
        <RecentReleasesCard
          releases={recent.releases}
          total={recent.total}
          newHref={can(user, "release:create", project) ? newReleasePath(project.key) : null}
          allHref={releasesPath(project.key)}
        />
        <Card>
          <CardHeader>
            <CardTitle>Who signs off here</CardTitle>
            <CardDescription>The roles this project&apos;s checklists ask for, and who holds each here. A role means the same in every project; who holds it is set per project.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul aria-label="Sign-off role holders" className="divide-y divide-border text-sm">
              {roles.map((role) => {
                const people = holders(role.key);
                return (
                  <li key={role.key} className="grid gap-1 py-2 first:pt-0 sm:grid-cols-[11rem_minmax(0,1fr)] sm:gap-3">
                    <span className="font-medium">
                      {role.name}
                      <span className="sr-only">: </span>
                    </span>
                    <span className={people.length ? "[overflow-wrap:anywhere]" : "text-muted-foreground"}>
                      {people.length ? people.map((person) => person.name).join(", ") : "Nobody yet"}
                    </span>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Environments</CardTitle>
            <CardDescription>In order. A gate means the same version must be approved in the named environment first.</CardDescription>
          </CardHeader>
          <CardContent>
            {environments.length === 0 ? (
              <p className="text-sm text-muted-foreground">No environments yet{manage ? ": add them in the settings." : "."}</p>
            ) : (
              <ol aria-label="Environments" className="space-y-2 text-sm">
                {environments.map((environment) => (
                  <li key={environment.key} className="flex flex-wrap items-center gap-2">
                    <Badge variant="outline">{environment.name}</Badge>
                    <span className="text-muted-foreground">{environment.requires.length ? `needs ${environment.requires.map(nameOf).join(" and ")} first` : "no gate"}</span>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
