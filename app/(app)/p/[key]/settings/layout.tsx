import type { ReactNode } from "react";
import { requireProject } from "@/lib/auth/current-user";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsTabs } from "@/components/projects/settings/settings-tabs";

/**
 * A project's settings: for its maintainers (and admins) only; anyone else
 * gets a real 404, checked here above every page of the settings.
 */
export default async function ProjectSettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string }> }) {
  const { project } = await requireProject((await params).key, "project:manage");
  return (
    <div className="space-y-6">
      <PageHeader className="pb-0" title="Settings" description={`Who works on ${project.name}, who signs off for it, and where its releases go.`} />
      <SettingsTabs projectKey={project.key} />
      {children}
    </div>
  );
}
