import Link from "next/link";
import type { ReleaseRow } from "@/lib/releases/list-releases";
import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";

/** "2026-11-27 14:03 UTC". */
const minuteUtc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Past and present releases of every project the reader may read, with their project; each links to its history. */
export function ArchiveTable({ releases }: { releases: ReleaseRow[] }) {
  return (
    <Table aria-label="Archived releases">
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead className="hidden sm:table-cell">Project</TableHead>
          <TableHead className="hidden sm:table-cell">Environment</TableHead>
          <TableHead className="hidden sm:table-cell">Status</TableHead>
          <TableHead className="hidden lg:table-cell">Template</TableHead>
          <TableHead className="hidden md:table-cell">Created</TableHead>
          <TableHead className="w-[28%] min-w-32">Progress</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {releases.map((release) => {
          const complete = release.itemsTotal > 0 && release.itemsDone === release.itemsTotal;
          return (
            <TableRow key={release.id}>
              <TableCell>
                <Link
                  href={`/archive/${release.id}`}
                  className="font-mono font-medium text-primary underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
                >
                  {release.version}
                  <span className="sr-only">
                    {" "}
                    in {release.environment.name} of {release.project.name}: history
                  </span>
                </Link>
                <div className="mt-1 flex flex-wrap gap-1.5 sm:hidden">
                  <Badge variant="secondary">{release.project.name}</Badge>
                  <Badge variant="outline">{release.environment.name}</Badge>
                  <ReleaseStatusBadge status={release.status} />
                </div>
              </TableCell>
              <TableCell className="hidden max-w-40 truncate sm:table-cell" title={release.project.key}>
                {release.project.name}
              </TableCell>
              <TableCell className="hidden sm:table-cell">{release.environment.name}</TableCell>
              <TableCell className="hidden sm:table-cell">
                <ReleaseStatusBadge status={release.status} />
              </TableCell>
              <TableCell className="hidden max-w-56 truncate text-muted-foreground lg:table-cell">{release.templateName}</TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                <time dateTime={release.createdAt.toISOString()}>{minuteUtc(release.createdAt)}</time>
              </TableCell>
              <TableCell>
                <div className="flex items-center gap-3">
                  <Progress
                    value={release.itemsDone}
                    max={Math.max(release.itemsTotal, 1)}
                    label={`Progress of ${release.environment.name} ${release.version}`}
                    className="min-w-12 flex-1"
                    indicatorClassName={complete ? "bg-success" : undefined}
                  />
                  <span className="shrink-0 text-xs tabular-nums text-muted-foreground">
                    {release.itemsDone}/{release.itemsTotal}
                    <span className="sr-only"> items done or not applicable</span>
                  </span>
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
