import { BookOpenText } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** A reference runbook (e.g. the rollback procedure), its Markdown shown as written: preformatted text, never HTML. */
export function RunbookCard({ title, markdown }: { title: string; markdown: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <BookOpenText aria-hidden="true" className="size-4 text-muted-foreground" />
          {title}
        </CardTitle>
        <CardDescription>Reference runbook from the template, with this release&apos;s version filled in.</CardDescription>
      </CardHeader>
      <CardContent>
        {markdown.trim() ? (
          <pre
            role="region"
            tabIndex={0}
            aria-label={`${title}: runbook text`}
            className="max-h-[28rem] overflow-auto rounded-md border border-border bg-muted/60 p-4 font-mono text-xs leading-relaxed text-foreground focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
          >
            {markdown.trim()}
          </pre>
        ) : (
          <p className="text-sm italic text-muted-foreground">No text.</p>
        )}
      </CardContent>
    </Card>
  );
}
