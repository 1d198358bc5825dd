import type { ParseProblem } from "@/lib/templates/parse-markdown";
import { plural } from "./format";

/** What the importer guessed when this version was imported, collapsed by default. */
export function ImportNotices({ notices, sourceName }: { notices: ParseProblem[]; sourceName: string | null }) {
  if (notices.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {sourceName ? `Imported from ${sourceName} with nothing guessed.` : "No import notices: this version was saved as written."}
      </p>
    );
  }
  return (
    <details className="group rounded-lg border border-border bg-card shadow-xs">
      <summary className="cursor-pointer select-none rounded-lg px-4 py-3 text-sm font-medium hover:bg-muted/50 focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring">
        What the importer guessed ({plural(notices.length, "notice")}){sourceName ? ` — from ${sourceName}` : ""}
      </summary>
      <ol className="space-y-1 border-t border-border px-4 py-3 text-sm">
        {notices.map((notice, index) => (
          <li key={index} className="flex gap-2">
            <span className="w-16 shrink-0 font-mono text-xs leading-5 text-muted-foreground">Line {notice.line}</span>
            <span className="min-w-0 [overflow-wrap:anywhere]">{notice.message}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
