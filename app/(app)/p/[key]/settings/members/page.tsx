import type { Metadata } from "next";
import { requireProject } from "@/lib/auth/current-user";
import { listProjectMembers } from "@/lib/projects/list-project-members";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AddMemberForm } from "@/components/projects/settings/add-member-form";
import { MembersTable } from "@/components/projects/settings/members-table";

export const metadata: Metadata = { title: "Project members" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProjectMembersPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: SearchParams }) {
  const { user, project } = await requireProject((await params).key, "project:manage");
  const [members, query] = await Promise.all([listProjectMembers(project.id), searchParams]);
  return (
    <div className="space-y-6">
      {query.created === "1" ? (
        <Alert>
          <AlertDescription>
            Created {project.name}, with the environments Staging and Production. Add its members next, then choose who holds each sign-off role.
          </AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardHeader className="p-4 sm:p-6">
          <CardTitle>Add a member</CardTitle>
          <CardDescription>
            Contributors create releases and work on their checklists; maintainers also manage the project: its templates, environments, members and
            sign-off role holders. An auditor does not join projects: they read.
          </CardDescription>
        </CardHeader>
        <CardContent className="px-4 pb-4 sm:px-6 sm:pb-6">
          <AddMemberForm projectKey={project.key} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="p-4 sm:p-6">
          <CardTitle>Members</CardTitle>
          <CardDescription>
            {members.length} {members.length === 1 ? "person works" : "people work"} on {project.name}. Removing someone ends the sign-off roles they held
            here.
          </CardDescription>
        </CardHeader>
        <CardContent className="px-0 pb-2 sm:px-2">
          <MembersTable projectKey={project.key} members={members} selfId={user.id} />
        </CardContent>
      </Card>
    </div>
  );
}
