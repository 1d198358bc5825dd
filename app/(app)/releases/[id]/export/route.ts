import { apiRoute } from "@/lib/auth/api-route";
import { exportReleaseMarkdown } from "@/lib/releases/export-release";

export const dynamic = "force-dynamic";

/** Downloads the release's checklist as Markdown in the reference layout: ticked items, N/A reasons, filled-in sign-off lines. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return apiRoute({ permission: "release:read" }, async () => {
    const { fileName, markdown } = await exportReleaseMarkdown(id.toLowerCase());
    return new Response(markdown, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  })(request);
}
