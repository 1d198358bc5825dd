import type { Metadata } from "next";
import Link from "next/link";
import { FileText } from "lucide-react";
import { requireProject } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listEnvironments } from "@/lib/releases/list-releases";
import { listTemplates } from "@/lib/templates/get-template";
import { templatesPath } from "@/lib/projects/paths";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateReleaseForm } from "@/components/releases/create-release-form";

export const metadata: Metadata = { title: "New release" };

type Params = Promise<{ key: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.slice(0, 64) : undefined);

export default async function NewReleasePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { user, project } = await requireProject((await params).key, "release:create");
  const query = await searchParams;
  const [templates, environments] = await Promise.all([listTemplates(project.id), listEnvironments(project.id)]);
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
          description={can(user, "template:manage", project) ? "Import a checklist as a template first." : "A maintainer of this project has to import a checklist as a template first."}
          action={
            can(user, "template:read", project) ? (
              <Button asChild variant="outline">
                <Link href={templatesPath(project.key)}>Go to templates</Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <Card>
          <CardContent className="pt-6">
            <CreateReleaseForm
              projectKey={project.key}
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
