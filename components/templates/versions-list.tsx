import Link from "next/link";
import type { TemplateCounts } from "@/lib/templates/document";
import { templatePath } from "@/lib/projects/paths";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatUtcMinutes, plural } from "./format";

type Version = { version: number; createdAt: Date; counts: TemplateCounts };

/** Every version of a template, newest first, each linking to ?version=N. */
export function VersionsList({ projectKey, templateId, versions, shown }: { projectKey: string; templateId: string; versions: Version[]; shown: number }) {
  const latest = versions[0]?.version;
  return (
    <ol aria-label="Versions" className="max-h-80 divide-y divide-border overflow-y-auto rounded-md border border-border">
      {versions.map((entry) => {
        const current = entry.version === shown;
        return (
          <li key={entry.version}>
            <Link
              href={templatePath(projectKey, templateId, entry.version)}
              aria-current={current ? "page" : undefined}
              className={cn(
                "flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm transition-colors hover:bg-muted/60",
                "focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-ring",
                current && "bg-accent text-accent-foreground hover:bg-accent",
              )}
            >
              <span className="font-medium">Version {entry.version}</span>{" "}
              <time dateTime={entry.createdAt.toISOString()} className="font-mono text-xs text-muted-foreground">
                {formatUtcMinutes(entry.createdAt)}
              </time>{" "}
              <span className="ml-auto flex gap-1.5">
                {entry.version === latest ? <Badge variant="success">Latest</Badge> : null}{" "}
                {current ? <Badge variant="default">Shown</Badge> : null}{" "}
                <Badge variant="outline">{plural(entry.counts.items, "item")}</Badge>
              </span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
