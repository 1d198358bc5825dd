import type { Metadata } from "next";
import Link from "next/link";
import { requireProject } from "@/lib/auth/current-user";
import { listProjectMembers } from "@/lib/projects/list-project-members";
import { projectSettingsPath } from "@/lib/projects/paths";
import { listSignoffRoles } from "@/lib/roles/list-signoff-roles";
import { requiredSignoffRoles } from "@/lib/templates/required-signoff-roles";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { RoleHoldersCard } from "@/components/projects/settings/role-holders";

export const metadata: Metadata = { title: "Sign-off role holders" };

/** Who holds each organisation-wide sign-off role in this project: the roles this project's templates need first. */
export default async function ProjectSignoffRolesPage({ params }: { params: Promise<{ key: string }> }) {
  const { project } = await requireProject((await params).key, "project:manage");
  const [members, roles, required] = await Promise.all([listProjectMembers(project.id), listSignoffRoles(), requiredSignoffRoles(project.id)]);
  const people = members.filter((member) => !member.disabled).map((member) => ({ email: member.email, name: member.name }));
  const holders = (key: string) => members.filter((member) => member.signoffRoles.some((role) => role.key === key)).map((member) => ({ email: member.email, name: member.name }));
  const needed = new Set(required.map((name) => name.toLowerCase()));
  const cards = roles
    .map((role) => ({ key: role.key, name: role.name, holders: holders(role.key), required: needed.has(role.name.toLowerCase()) }))
    .sort((a, b) => Number(b.required) - Number(a.required));
  return (
    <div className="space-y-6">
      <p className="max-w-3xl text-sm text-muted-foreground">
        A sign-off role means the same in every project; who holds it is set here, for {project.name} only. Only members of the project can hold a role:{" "}
        <Link href={projectSettingsPath(project.key, "members")} className="font-medium text-primary underline-offset-4 hover:underline">
          add them as members
        </Link>{" "}
        first.
      </p>
      {people.length === 0 ? (
        <Alert>
          <AlertDescription>This project has no members yet, so nobody can hold a role in it.</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {cards.map((role) => (
          <RoleHoldersCard key={role.key} projectKey={project.key} role={role} members={people} />
        ))}
      </div>
    </div>
  );
}
