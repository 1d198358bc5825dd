"use client";

import { useActionState, type ReactNode } from "react";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { verifyReleaseTrailAction } from "@/app/(app)/archive/[id]/actions";
import { idleState } from "@/lib/auth/action-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/**
 * "Verify this release's trail": recomputes the release chain's hashes on the
 * server and shows "intact" with the event count and head hash, or the first
 * break's kind and seq. Children sit beside the button (the download link).
 */
export function VerifyReleaseTrail({ releaseId, children }: { releaseId: string; children?: ReactNode }) {
  const [state, formAction, pending] = useActionState(verifyReleaseTrailAction, idleState);
  const report = state.status === "success" ? state.data : undefined;
  const head = report?.heads[0];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <form action={formAction}>
          <input type="hidden" name="releaseId" value={releaseId} />
          <Button type="submit" variant="outline" disabled={pending}>
            {pending ? <Spinner label={null} /> : <ShieldCheck aria-hidden="true" />}
            Verify this release&apos;s trail
          </Button>
        </form>
        {children}
      </div>
      {report?.status === "intact" ? (
        <Alert variant="success">
          <ShieldCheck aria-hidden="true" />
          <AlertTitle>Trail intact</AlertTitle>
          <AlertDescription>
            <p>
              All {report.events} {report.events === 1 ? "event" : "events"} of this release recomputed and chained; every signed checkpoint of it
              matches.
            </p>
            {head ? (
              <p className="mt-1 font-mono text-xs [overflow-wrap:anywhere]">
                Head #{head.seq} {head.hash}
              </p>
            ) : null}
            <p className="mt-1 text-xs">Verified {report.verifiedAt.replace("T", " ").slice(0, 23)} UTC.</p>
          </AlertDescription>
        </Alert>
      ) : report ? (
        <Alert variant="destructive">
          <ShieldAlert aria-hidden="true" />
          <AlertTitle>Trail broken</AlertTitle>
          <AlertDescription>
            <p>
              First break: <strong>{report.break?.kind}</strong> at event #{report.break?.seq}.
            </p>
            {report.break?.detail ? <p className="mt-1 text-xs [overflow-wrap:anywhere]">{report.break.detail}.</p> : null}
          </AlertDescription>
        </Alert>
      ) : null}
      {state.status === "error" ? (
        <Alert variant="destructive">
          <AlertDescription>{state.message}</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
