import { countTemplate, type TemplateCounts, type TemplateDocument } from "./document";
import { type ParseProblem, parseTemplateMarkdown } from "./parse-markdown";

export type ImportPreview =
  | { ok: true; document: TemplateDocument; counts: TemplateCounts; notices: ParseProblem[] }
  | { ok: false; errors: ParseProblem[] };

/** Parses without saving anything: what the import would create, and what the importer guessed. */
export function previewTemplateImport(markdown: string | Uint8Array, fallbackTitle = ""): ImportPreview {
  const result = parseTemplateMarkdown(markdown, { fallbackTitle });
  if (!result.ok) return result;
  return { ok: true, document: result.document, counts: countTemplate(result.document), notices: result.notices };
}

/** "release-checklist_v2.md" -> "Release checklist v2" */
export function titleFromFileName(fileName: string | undefined): string {
  if (!fileName) return "";
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.(md|markdown|txt)$/i, "").replace(/[-_]+/g, " ").trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : "";
}
