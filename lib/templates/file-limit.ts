/**
 * The largest Markdown checklist the importer reads (UI, API, CLI). 256 KB is
 * forty times the reference checklist and room for the 2,000-item limit;
 * it also bounds how long remark may take on any input the pre-scan lets
 * through (lib/templates/markdown-prescan.ts, docs/decisions/017).
 * No imports: the import form (a client component) uses it too.
 */
export const TEMPLATE_FILE_BYTES = 256 * 1024;
export const TEMPLATE_FILE_LIMIT = "256 KB";

/** "1.3 MB", "300 KB": a size as the refusal messages print it. */
export function formatFileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** What a file over the limit is told (line 1), wherever it was refused. */
export const fileTooLargeMessage = (bytes: number) => `The file is ${formatFileSize(bytes)}; the limit is ${TEMPLATE_FILE_LIMIT}.`;
