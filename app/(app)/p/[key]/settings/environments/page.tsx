import type { Metadata } from "next";
import { requireProject } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listEnvironmentPolicies } from "@/lib/environments/list-environment-policies";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EnvironmentForm } from "@/components/environments/environment-form";
import { EnvironmentsTable } from "@/components/environments/environments-table";

export const metadata: Metadata = { title: "Project environments" };

/**
 * The project's environments: their order, gates (only ever to an
 * environment of this project) and sign-off policy (separation of duties,
 * quorums per role, with this project's holders; docs/decisions/023).
 */
export default async function ProjectEnvironmentsPage({ params }: { params: Promise<{ key: string }> }) {
  const { user, project } = await requireProject((await params).key, "project:manage");
  const { environments, roles } = await listEnvironmentPolicies(project.id);
  const manage = can(user, "environment:manage", project);
  return (
    <Card>
      <CardHeader className="flex-col gap-4 space-y-0 p-4 sm:flex-row sm:items-start sm:justify-between sm:p-6">
        <div className="space-y-1.5">
          <CardTitle>Environments, gates and sign-off policy</CardTitle>
          <CardDescription>
            Where {project.name}&apos;s releases go, which environment must approve the same version first, and who may sign there. Every change is
            recorded in the audit trail.
          </CardDescription>
        </div>
        {manage ? <EnvironmentForm projectKey={project.key} environments={environments} /> : null}
      </CardHeader>
      <CardContent className="px-0 pb-4 sm:px-2 sm:pb-6">
        <EnvironmentsTable projectKey={project.key} environments={environments} roles={roles} manage={manage} />
      </CardContent>
    </Card>
  );
}
