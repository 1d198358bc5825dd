import { apiRoute } from "@/lib/auth/api-route";
import { exportCertificatePdf } from "@/lib/signoffs/export-certificate-pdf";
import { requireInProject } from "@/app/_lib/in-project";

export const dynamic = "force-dynamic";

/** Downloads the release's sign-off certificate as a PDF made on the server; readable by whoever may read the release, like the page. */
export async function GET(request: Request, routeContext: { params: Promise<{ key: string; id: string }> }): Promise<Response> {
  const { id } = await routeContext.params;
  return apiRoute({ permission: "release:read", project: (params) => ({ projectKey: String(params.key) }) }, async (_input, { user, project }) => {
    await requireInProject(project, { releaseId: id.toLowerCase() }, "Release not found.");
    const { fileName, bytes } = await exportCertificatePdf(id.toLowerCase(), user);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  })(request, routeContext);
}
