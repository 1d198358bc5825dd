import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requireProject } from "@/lib/auth/current-user";
import { listTemplates } from "@/lib/templates/get-template";
import { templatesPath } from "@/lib/projects/paths";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ImportTemplateForm } from "@/components/templates/import-template-form";

export const metadata: Metadata = { title: "Import template" };

export default async function ImportTemplatePage({ params }: { params: Promise<{ key: string }> }) {
  const { project } = await requireProject((await params).key, "template:manage");
  const templates = await listTemplates(project.id);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Import template"
        description="Turn a Markdown checklist into a template. Preview first: you see every section, item and guess before anything is saved."
        actions={
          <Button asChild variant="ghost">
            <Link href={templatesPath(project.key)}>
              <ArrowLeft aria-hidden="true" />
              All templates
            </Link>
          </Button>
        }
      />
      <ImportTemplateForm projectKey={project.key} existing={templates.map((template) => ({ name: template.name, latestVersion: template.latestVersion }))} />
    </div>
  );
}
