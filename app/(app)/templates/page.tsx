import type { Metadata } from "next";
import Link from "next/link";
import { FileText, Upload } from "lucide-react";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listTemplates } from "@/lib/templates/get-template";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TemplatesTable } from "@/components/templates/templates-table";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  const user = await requirePermission("template:read");
  const templates = await listTemplates();
  const manage = can(user, "template:manage");
  const importButton = manage ? (
    <Button asChild>
      <Link href="/templates/import">
        <Upload aria-hidden="true" />
        Import template
      </Link>
    </Button>
  ) : null;
  return (
    <div className="space-y-8">
      <PageHeader
        title="Templates"
        description="Checklists releases are created from. Every edit or re-import is kept as a new, immutable version. Times are UTC."
        actions={templates.length > 0 ? importButton : null}
      />
      {templates.length === 0 ? (
        <EmptyState
          icon={FileText}
          title="No templates yet"
          description={
            manage
              ? "Import a Markdown checklist to create the first template."
              : "An admin imports checklists as templates; none have been imported yet."
          }
          action={importButton}
        />
      ) : (
        <TemplatesTable templates={templates} />
      )}
    </div>
  );
}
