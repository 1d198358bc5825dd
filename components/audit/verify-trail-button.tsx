"use client";

import { useActionState } from "react";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { verifyTrailAction } from "@/app/(app)/audit/actions";
import { idleState } from "@/lib/auth/action-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

export function VerifyTrailButton() {
  const [state, formAction, pending] = useActionState(verifyTrailAction, idleState);
  const report = state.status === "success" ? state.data : undefined;
  const global = report?.heads.find((head) => head.chain === "global");
  return (
    <div className="space-y-3">
      <form action={formAction}>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? <Spinner label={null} /> : <ShieldCheck aria-hidden="true" className="size-4" />}
          Verify trail
        </Button>
      </form>
      {report ? (
        <Alert variant={report.status === "intact" ? "success" : "destructive"}>
          {report.status === "intact" ? <ShieldCheck aria-hidden="true" className="size-4" /> : <ShieldAlert aria-hidden="true" className="size-4" />}
          <AlertTitle>{report.status === "intact" ? "Trail intact" : "Trail broken"}</AlertTitle>
          <AlertDescription>
            <p>{state.status === "success" ? state.message : null}</p>
            {global ? (
              <p className="mt-1 break-all font-mono text-xs">
                Head of the global chain: #{global.seq} {global.hash}
              </p>
            ) : null}
            <p className="mt-1 text-xs">
              {report.checkpoints.count} signed checkpoint(s){report.checkpoints.newest ? `, newest ${report.checkpoints.newest}` : ""}.
            </p>
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
