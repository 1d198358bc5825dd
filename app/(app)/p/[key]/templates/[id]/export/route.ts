import { apiRoute } from "@/lib/auth/api-route";
import { parseWholeNumber, requireId } from "@/lib/http/parse-id";
import { exportTemplate } from "@/lib/templates/export-template";
import { requireInProject } from "@/app/_lib/in-project";

export const dynamic = "force-dynamic";

/** Downloads a template version as Markdown: /p/<key>/templates/<id>/export?version=N */
export const GET = apiRoute({ permission: "template:read", project: (params) => ({ projectKey: String(params.key) }) }, async (_input, { request, project }) => {
  const url = new URL(request.url);
  const id = requireId(url.pathname.split("/").at(-2), "Template not found.");
  await requireInProject(project, { templateId: id }, "Template not found.");
  const version = parseWholeNumber(url.searchParams.get("version"), "version", { min: 1 });
  const { fileName, markdown } = await exportTemplate(id, version);
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});
