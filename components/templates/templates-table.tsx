import Link from "next/link";
import type { TemplateSummary } from "@/lib/templates/get-template";
import { templatePath } from "@/lib/projects/paths";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TemplateCountBadges } from "./template-counts";
import { formatUtcMinutes } from "./format";

/** The templates list; on narrow screens the version, time and size move under the name. */
export function TemplatesTable({ projectKey, templates }: { projectKey: string; templates: TemplateSummary[] }) {
  return (
    <Table aria-label="Templates">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden sm:table-cell">Latest version</TableHead>
          <TableHead className="hidden md:table-cell">Contents</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Last updated (UTC)</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {templates.map((template) => (
          <TableRow key={template.id}>
            <TableCell className="py-3">
              <Link
                href={templatePath(projectKey, template.id)}
                className="font-medium text-foreground underline-offset-4 [overflow-wrap:anywhere] hover:text-primary hover:underline focus-visible:rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
              >
                {template.name}
              </Link>
              <p className="mt-1 text-xs text-muted-foreground sm:hidden">
                Version {template.latestVersion} · updated{" "}
                <time dateTime={template.updatedAt.toISOString()}>{formatUtcMinutes(template.updatedAt)}</time>
              </p>
              <TemplateCountBadges counts={template.counts} className="mt-1.5 md:hidden" />
            </TableCell>
            <TableCell className="hidden tabular-nums sm:table-cell">Version {template.latestVersion}</TableCell>
            <TableCell className="hidden md:table-cell">
              <TemplateCountBadges counts={template.counts} />
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-right font-mono text-xs text-muted-foreground sm:table-cell">
              <time dateTime={template.updatedAt.toISOString()}>{formatUtcMinutes(template.updatedAt)}</time>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
