import Link from "next/link";
import { Plus, Rocket } from "lucide-react";
import type { ReleaseRow } from "@/lib/releases/list-releases";
import { releasePath } from "@/lib/projects/paths";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { ReleaseStatusBadge } from "./release-status-badge";

type Props = {
  releases: ReleaseRow[];
  total: number;
  /** Where "Create release" leads, when the user may create one. */
  newHref: string | null;
  /** Where the full list is ("All releases"), when there is one list (a project's). */
  allHref: string | null;
  /** Name each release's project (the organisation-wide overview). */
  showProject?: boolean;
  description?: string;
};

/** Recent releases: open ones first, with their progress, and a way to start one. */
export function RecentReleasesCard({ releases, total, newHref, allHref, showProject = false, description = "Open releases first, with their progress." }: Props) {
  const canCreate = newHref !== null;
  const newButton = newHref ? (
    <Button asChild size="sm">
      <Link href={newHref}>
        <Plus aria-hidden="true" />
        Create release
      </Link>
    </Button>
  ) : null;
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4 space-y-0">
        <div className="space-y-1.5">
          <CardTitle>Releases</CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
        {releases.length > 0 ? newButton : null}
      </CardHeader>
      <CardContent>
        {releases.length === 0 ? (
          <EmptyState
            icon={Rocket}
            titleAs="h3"
            title="No releases yet"
            description={canCreate ? "Create a release from a template to start its checklist." : "Releases appear here once someone creates one."}
            action={newButton}
          />
        ) : (
          <div className="space-y-4">
            <ul aria-label="Recent releases" className="divide-y divide-border">
              {releases.map((release) => (
                <li key={release.id} className="flex flex-col gap-2 py-3 first:pt-0 sm:flex-row sm:items-center sm:gap-4">
                  <div className="min-w-0 flex-1">
                    <Link href={releasePath(release.project.key, release.id)} className="font-medium underline-offset-4 hover:underline">
                      <span className="font-mono">{release.version}</span>
                      <span className="sr-only"> in {release.environment.name}</span>
                    </Link>
                    <div className="mt-1 flex flex-wrap gap-1.5">
                      {showProject ? <Badge variant="secondary">{release.project.name}</Badge> : null}
                      <Badge variant="outline">{release.environment.name}</Badge>
                      <ReleaseStatusBadge status={release.status} />
                    </div>
                  </div>
                  <div className="flex items-center gap-2 sm:w-40">
                    <Progress
                      value={release.itemsDone}
                      max={Math.max(release.itemsTotal, 1)}
                      label={`Progress of ${release.environment.name} ${release.version}`}
                      className="flex-1"
                    />
                    <span className="text-xs tabular-nums text-muted-foreground">
                      {release.itemsDone}/{release.itemsTotal}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
            {allHref ? (
              <Button asChild variant="link">
                <Link href={allHref}>{total > releases.length ? `All ${total.toLocaleString("en")} releases` : "All releases"}</Link>
              </Button>
            ) : null}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
