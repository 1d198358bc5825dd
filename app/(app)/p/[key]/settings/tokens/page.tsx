import type { Metadata } from "next";
import { requireProject } from "@/lib/auth/current-user";
import { listProjectTokens } from "@/lib/tokens/tokens";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProjectTokens } from "@/components/projects/settings/project-tokens-card";

export const metadata: Metadata = { title: "Project tokens" };

/** The project's own API tokens, for CI: owned by the project, acting as a contributor of it (docs/decisions/022). */
export default async function ProjectTokensPage({ params }: { params: Promise<{ key: string }> }) {
  const { project } = await requireProject((await params).key, "project:manage");
  const tokens = await listProjectTokens(project.id);
  return (
    <Card>
      <CardHeader className="p-4 sm:p-6">
        <CardTitle>Project tokens</CardTitle>
        <CardDescription>
          For pipelines calling <code className="font-mono text-xs">/api/v1/projects/{project.key}/…</code>. A project token belongs to {project.name},
          not to a person; personal tokens are on each person&apos;s profile.
        </CardDescription>
      </CardHeader>
      <CardContent className="px-2 pb-4 sm:px-6 sm:pb-6">
        <ProjectTokens
          project={{ key: project.key, name: project.name }}
          tokens={tokens.map((token) => ({
            id: token.id,
            name: token.name,
            prefix: token.prefix,
            scopes: token.scopes,
            createdAt: token.createdAt.toISOString(),
            lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
            revokedAt: token.revokedAt?.toISOString() ?? null,
            createdBy: token.createdBy?.name ?? null,
          }))}
        />
      </CardContent>
    </Card>
  );
}
