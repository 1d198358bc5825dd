import { TriangleAlert } from "lucide-react";
import type { SignoffView } from "@/lib/signoffs/get-signoffs";
import type { RoleQuorums } from "@/lib/signoffs/quorum";
import { Card, CardContent } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { countSignoffs, type SignoffGroup } from "./signoff-state";

/** The sign-off count beside the progress (roles with their quorum met), with a link down to the panel. */
export function SignoffSummary({ groups, signoffs, quorums }: { groups: SignoffGroup[]; signoffs: SignoffView[]; quorums?: RoleQuorums }) {
  const counts = countSignoffs(groups, signoffs, quorums);
  if (counts.total === 0) return null;
  const complete = counts.signed === counts.total;
  return (
    <Card>
      <CardContent className="space-y-2 p-4">
        <div className="flex items-baseline justify-between gap-2">
          <h2 className="text-sm font-semibold">Sign-offs</h2>
          <span className="text-sm font-semibold tabular-nums">
            {counts.signed}/{counts.total}
          </span>
        </div>
        <Progress
          label="Sign-offs"
          value={counts.signed}
          max={counts.total}
          aria-valuetext={`${counts.signed} of ${counts.total} roles signed`}
          indicatorClassName={complete ? "bg-success" : undefined}
        />
        {counts.stale > 0 ? (
          <p className="flex items-center gap-1.5 text-xs font-medium text-warning-soft-foreground">
            <TriangleAlert aria-hidden="true" className="size-3.5" />
            {counts.stale} stale: {counts.stale === 1 ? "it needs" : "they need"} signing again
          </p>
        ) : null}
        <a
          href="#signoffs"
          className="inline-block rounded-sm text-xs font-medium text-primary underline-offset-4 hover:underline focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
        >
          Go to the sign-offs
        </a>
      </CardContent>
    </Card>
  );
}
