import { apiRoute } from "@/lib/auth/api-route";
import { exportReleaseMarkdown } from "@/lib/releases/export-release";
import { requireInProject } from "@/app/_lib/in-project";

export const dynamic = "force-dynamic";

/** Downloads the release's checklist as Markdown in the reference layout: ticked items, N/A reasons, filled-in sign-off lines. */
export async function GET(request: Request, routeContext: { params: Promise<{ key: string; id: string }> }): Promise<Response> {
  const { id } = await routeContext.params;
  return apiRoute({ permission: "release:read", project: (params) => ({ projectKey: String(params.key) }) }, async (_input, { project }) => {
    await requireInProject(project, { releaseId: id.toLowerCase() }, "Release not found.");
    const { fileName, markdown } = await exportReleaseMarkdown(id.toLowerCase());
    return new Response(markdown, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  })(request, routeContext);
}
