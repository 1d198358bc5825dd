import { apiRoute } from "@/lib/auth/api-route";
import { exportCertificatePdf } from "@/lib/signoffs/export-certificate-pdf";

export const dynamic = "force-dynamic";

/** Downloads the release's sign-off certificate as a PDF made on the server; readable by whoever may read the release, like the page. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return apiRoute({ permission: "release:read" }, async (_input, { user }) => {
    const { fileName, bytes } = await exportCertificatePdf(id.toLowerCase(), user);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  })(request);
}
