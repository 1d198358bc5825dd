import { apiRoute } from "@/lib/auth/api-route";
import { AppError } from "@/lib/errors/app-error";
import { exportTemplate } from "@/lib/templates/export-template";

export const dynamic = "force-dynamic";

/** Downloads a template version as Markdown: /templates/<id>/export?version=N */
export const GET = apiRoute({ permission: "template:read" }, async (_input, { request }) => {
  const url = new URL(request.url);
  const id = url.pathname.split("/").at(-2) ?? "";
  const rawVersion = url.searchParams.get("version");
  const version = rawVersion === null ? undefined : Number(rawVersion);
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
    throw new AppError("BAD_REQUEST", "version must be a positive whole number.", { version: ["Must be a positive whole number."] });
  }
  const { fileName, markdown } = await exportTemplate(id, version);
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});
