import type { Metadata } from "next";
import Link from "next/link";
import { FileText, Upload } from "lucide-react";
import { requireProject } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listTemplates } from "@/lib/templates/get-template";
import { templatesPath } from "@/lib/projects/paths";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TemplatesTable } from "@/components/templates/templates-table";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage({ params }: { params: Promise<{ key: string }> }) {
  const { user, project } = await requireProject((await params).key, "template:read");
  const templates = await listTemplates(project.id);
  const manage = can(user, "template:manage", project);
  const importButton = manage ? (
    <Button asChild>
      <Link href={`${templatesPath(project.key)}/import`}>
        <Upload aria-hidden="true" />
        Import template
      </Link>
    </Button>
  ) : null;
  return (
    <div className="space-y-8">
      <PageHeader
        title="Templates"
        description="The checklists this project's releases are created from. Every edit or re-import is kept as a new, immutable version. Times are UTC."
        actions={templates.length > 0 ? importButton : null}
      />
      {templates.length === 0 ? (
        <EmptyState
          icon={FileText}
          title="No templates yet"
          description={
            manage
              ? "Import a Markdown checklist to create the first template."
              : "A maintainer of this project imports checklists as templates; none have been imported yet."
          }
          action={importButton}
        />
      ) : (
        <TemplatesTable projectKey={project.key} templates={templates} />
      )}
    </div>
  );
}
