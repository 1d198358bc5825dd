import { apiRoute } from "@/lib/auth/api-route";
import { exportReleaseBundle } from "@/lib/audit/export-bundle";

export const dynamic = "force-dynamic";

/** Downloads a release's evidence bundle (.tar.gz): its audit chain, the signed checkpoints, the public key and a verifier. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return apiRoute({ permission: "audit:read", project: () => ({ releaseId: id.toLowerCase() }) }, async () => {
    const bundle = await exportReleaseBundle(id.toLowerCase());
    return new Response(new Uint8Array(bundle.bytes), {
      headers: {
        "Content-Type": "application/gzip",
        "Content-Disposition": `attachment; filename="${bundle.fileName}"`,
        "Content-Length": String(bundle.bytes.length),
        "Cache-Control": "no-store",
      },
    });
  })(request);
}
