import "server-only";
import { getTemplateVersion } from "./get-template";
import { renderTemplateMarkdown } from "./render-markdown";

/** A template version as Markdown in the reference layout, with a file name for downloads. */
export async function exportTemplate(templateId: string, version?: number): Promise<{ fileName: string; markdown: string }> {
  const view = await getTemplateVersion(templateId, version);
  const slug = view.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "template";
  return { fileName: `${slug}-v${view.version}.md`, markdown: renderTemplateMarkdown(view.document) };
}
