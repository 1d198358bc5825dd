import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors/app-error";
import { listSignoffRoles } from "@/lib/roles/list-signoff-roles";
import { getTemplateVersion, type TemplateVersionView } from "@/lib/templates/get-template";
import { PageHeader } from "@/components/ui/page-header";
import { TemplateEditor } from "@/components/template-editor/template-editor";

export const metadata: Metadata = { title: "Edit template" };

type Params = Promise<{ id: string }>;

/** Admins edit the latest version of a template; saving creates the next version. */
export default async function EditTemplatePage({ params }: { params: Params }) {
  await requirePermission("template:manage");
  const { id } = await params;
  const [template, roles] = await Promise.all([latestVersion(id), listSignoffRoles()]);
  return (
    <div>
      <PageHeader
        title={<span className="[overflow-wrap:anywhere]">Edit {template.name}</span>}
        description={`Editing version ${template.version}. Saving creates version ${template.version + 1}.`}
      />
      <TemplateEditor
        templateId={template.templateId}
        templateName={template.name}
        baseVersion={template.version}
        document={template.document}
        signoffRoles={roles.map((role) => ({ name: role.name, holders: role.holders }))}
      />
    </div>
  );
}

async function latestVersion(id: string): Promise<TemplateVersionView> {
  try {
    return await getTemplateVersion(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
