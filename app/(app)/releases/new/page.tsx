import type { Metadata } from "next";
import Link from "next/link";
import { FileText } from "lucide-react";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listEnvironments } from "@/lib/releases/list-releases";
import { listTemplates } from "@/lib/templates/get-template";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateReleaseForm } from "@/components/releases/create-release-form";

export const metadata: Metadata = { title: "New release" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.slice(0, 64) : undefined);

export default async function NewReleasePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("release:create");
  const query = await searchParams;
  const [templates, environments] = await Promise.all([listTemplates(), listEnvironments()]);
  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <PageHeader
        title="New release"
        description="Creates the checklist of a template for one environment: the items that apply to it, with the version filled in."
      />
      {templates.length === 0 ? (
        <EmptyState
          icon={FileText}
          title="No templates yet"
          description={can(user, "template:manage") ? "Import a checklist as a template first." : "An admin has to import a checklist as a template first."}
          action={
            can(user, "template:read") ? (
              <Button asChild variant="outline">
                <Link href="/templates">Go to templates</Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <Card>
          <CardContent className="pt-6">
            <CreateReleaseForm
              templates={templates.map((template) => ({ id: template.id, name: template.name, latestVersion: template.latestVersion }))}
              environments={environments.map((environment) => ({ key: environment.key, name: environment.name, requires: environment.requires }))}
              initial={{ templateId: text(query.template), environment: text(query.environment), version: text(query.version) }}
            />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
