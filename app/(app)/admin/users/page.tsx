import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listSignoffRoles } from "@/lib/roles/list-signoff-roles";
import { listUsers } from "@/lib/users/list-users";
import { listProjects } from "@/lib/projects/list-projects";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserDialog } from "@/components/admin/create-user-dialog";
import { SignoffRolesCard } from "@/components/admin/signoff-roles-card";
import { UsersTable } from "@/components/admin/users-table";
import { GroupMappingsCard } from "@/components/admin/group-mappings-card";
import { listGroupMappings } from "@/lib/sso/list-group-mappings";
import { oidcConfig } from "@/lib/sso/oidc-config";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePermission("user:read");
  const manage = can(actor, "user:manage");
  const [users, roles, projectList, mappings] = await Promise.all([listUsers(), listSignoffRoles(), listProjects(actor), manage ? listGroupMappings() : []]);
  const projects = projectList.map(({ key, name }) => ({ key, name }));
  return (
    <div className="space-y-8">
      <PageHeader
        title="Users"
        description="Who can sign in, their application role, and the sign-off roles they hold in each project."
        actions={manage ? <CreateUserDialog roles={roles} projects={projects} /> : null}
      />
      <UsersTable users={users} roles={roles} projects={projects} actorId={actor.id} manage={manage} />
      <SignoffRolesCard roles={roles} manage={can(actor, "role:manage")} />
      {manage ? (
        <GroupMappingsCard
          mappings={mappings.map(({ createdAt: _createdAt, ...mapping }) => mapping)}
          projects={projects}
          roles={roles}
          provider={oidcConfig()?.label ?? null}
        />
      ) : null}
    </div>
  );
}
