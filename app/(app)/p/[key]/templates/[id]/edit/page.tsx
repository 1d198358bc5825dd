import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireProject } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors/app-error";
import { listSignoffRoles } from "@/lib/roles/list-signoff-roles";
import { listProjectMembers } from "@/lib/projects/list-project-members";
import { getTemplateVersion, type TemplateVersionView } from "@/lib/templates/get-template";
import { PageHeader } from "@/components/ui/page-header";
import { TemplateEditor } from "@/components/template-editor/template-editor";

export const metadata: Metadata = { title: "Edit template" };

type Params = Promise<{ key: string; id: string }>;

/** The project's maintainers edit the latest version of a template; saving creates the next version. */
export default async function EditTemplatePage({ params }: { params: Params }) {
  const { key, id } = await params;
  const { project } = await requireProject(key, "template:manage", { templateId: id });
  const [template, roles, members] = await Promise.all([latestVersion(id), listSignoffRoles(), listProjectMembers(project.id)]);
  // Who could sign each role here: its holders in this project.
  const holders = (key: string) => members.filter((member) => member.signoffRoles.some((role) => role.key === key)).length;
  return (
    <div>
      <PageHeader
        title={<span className="[overflow-wrap:anywhere]">Edit {template.name}</span>}
        description={`Editing version ${template.version}. Saving creates version ${template.version + 1}.`}
      />
      <TemplateEditor
        projectKey={project.key}
        templateId={template.templateId}
        templateName={template.name}
        baseVersion={template.version}
        document={template.document}
        signoffRoles={roles.map((role) => ({ name: role.name, holders: holders(role.key) }))}
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
