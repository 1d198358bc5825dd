"use server";

import { z } from "zod";
import { validatedAction } from "@/lib/auth/action";
import { formAction } from "@/app/_lib/form-action";
import { releaseChain } from "@/lib/audit/append-event";
import { verifyTrail, VerifyError, type VerifyReport } from "@/lib/audit/verify-trail";
import { AppError } from "@/lib/errors/app-error";
import { idField } from "@/lib/http/parse-id";

const schema = z.object({ releaseId: idField("Unknown release.") });

/** Verifies one release's chain. Verifying reads only; it still goes through the wrapper for authentication and the permission check. */
export const verifyReleaseTrailAction = formAction(validatedAction({ name: "verifyReleaseTrail", permission: "audit:read", schema, project: (input) => ({ releaseId: input.releaseId }) }, async ({ releaseId }) => {
  let report: VerifyReport;
  try {
    report = await verifyTrail({ chain: releaseChain(releaseId.toLowerCase()) });
  } catch (error) {
    if (error instanceof VerifyError) throw new AppError("UNAVAILABLE", `Could not verify: ${error.message}`);
    throw error;
  }
  if (report.status === "intact" && report.events === 0) throw new AppError("NOT_FOUND", "This release has no audit events.");
  const head = report.heads[0];
  const message =
    report.status === "intact"
      ? `Intact: ${report.events} ${report.events === 1 ? "event" : "events"} verified${head ? `, head #${head.seq}` : ""}.`
      : `Broken: ${report.break?.kind} at event #${report.break?.seq}. ${report.break?.detail}.`;
  return { message, data: report };
}));
