import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listEnvironmentPolicies } from "@/lib/environments/list-environment-policies";
import { PageHeader } from "@/components/ui/page-header";
import { EnvironmentsTable } from "@/components/environments/environments-table";
import { EnvironmentForm } from "@/components/environments/environment-form";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const user = await requirePermission("user:read");
  const { environments, roles } = await listEnvironmentPolicies();
  const manage = can(user, "environment:manage");
  return (
    <div className="space-y-8">
      <PageHeader
        title="Environments"
        description="Where releases go, the gates between them (an environment can require the same version approved elsewhere first), and who may sign there."
        actions={manage ? <EnvironmentForm environments={environments} /> : null}
      />
      <EnvironmentsTable environments={environments} roles={roles} manage={manage} />
    </div>
  );
}
