import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireProject } from "@/lib/auth/current-user";
import { getProject } from "@/lib/projects/get-project";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProjectGeneralForm } from "@/components/projects/settings/project-general-form";

export const metadata: Metadata = { title: "Project settings" };

export default async function ProjectGeneralSettingsPage({ params }: { params: Promise<{ key: string }> }) {
  const { user, project } = await requireProject((await params).key, "project:manage");
  const view = await getProject(project.key, user);
  if (!view) notFound();
  return (
    <Card>
      <CardHeader className="p-4 sm:p-6">
        <CardTitle>General</CardTitle>
        <CardDescription>The project&apos;s name, what it is, and how soon signers are reminded. Renaming keeps its key, so links and tokens keep working.</CardDescription>
      </CardHeader>
      <CardContent className="px-4 pb-4 sm:px-6 sm:pb-6">
        <ProjectGeneralForm project={{ key: view.key, name: view.name, description: view.description, reminderIntervalMinutes: view.reminderIntervalMinutes }} />
      </CardContent>
    </Card>
  );
}
