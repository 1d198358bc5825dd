import Link from "next/link";
import type { ReleaseRow } from "@/lib/releases/list-releases";
import { releasePath } from "@/lib/projects/paths";
import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUtc, percent } from "./format";
import { ReleaseStatusBadge } from "./release-status-badge";

/** Releases with their progress at a glance: done (and not applicable) over total, and what is blocked. */
export function ReleasesTable({ releases, label = "Releases" }: { releases: ReleaseRow[]; label?: string }) {
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHead>Release</TableHead>
          <TableHead className="hidden sm:table-cell">Status</TableHead>
          <TableHead className="w-[38%] min-w-36">Progress</TableHead>
          <TableHead className="hidden lg:table-cell">Template</TableHead>
          <TableHead className="hidden md:table-cell">Created</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {releases.map((release) => (
          <ReleaseTableRow key={release.id} release={release} />
        ))}
      </TableBody>
    </Table>
  );
}

function ReleaseTableRow({ release }: { release: ReleaseRow }) {
  const done = percent(release.itemsDone, release.itemsTotal);
  return (
    <TableRow>
      <TableCell>
        <Link
          href={releasePath(release.project.key, release.id)}
          className="font-medium text-foreground underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
        >
          <span className="font-mono">{release.version}</span>
          <span className="sr-only"> in {release.environment.name}</span>
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-1.5">
          <Badge variant="outline">{release.environment.name}</Badge>
          <ReleaseStatusBadge status={release.status} className="sm:hidden" />
        </div>
      </TableCell>
      <TableCell className="hidden sm:table-cell">
        <ReleaseStatusBadge status={release.status} />
      </TableCell>
      <TableCell>
        <div className="flex items-center gap-3">
          <Progress
            value={release.itemsDone}
            max={Math.max(release.itemsTotal, 1)}
            label={`Progress of ${release.environment.name} ${release.version}`}
            className="min-w-16 flex-1"
            indicatorClassName={release.itemsTotal > 0 && release.itemsDone === release.itemsTotal ? "bg-success" : undefined}
          />
          <span className="shrink-0 text-xs tabular-nums text-muted-foreground">
            {release.itemsDone}/{release.itemsTotal}
            <span className="sr-only"> items done ({done}%)</span>
          </span>
        </div>
        {release.blockedCount > 0 ? (
          <Badge variant="destructive" className="mt-1.5">
            {release.blockedCount} blocked
          </Badge>
        ) : null}
      </TableCell>
      <TableCell className="hidden max-w-56 truncate text-muted-foreground lg:table-cell">{release.templateName}</TableCell>
      <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
        <time dateTime={release.createdAt.toISOString()}>{formatUtc(release.createdAt)}</time>
      </TableCell>
    </TableRow>
  );
}
