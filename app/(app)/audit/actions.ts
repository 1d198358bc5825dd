"use server";

import { z } from "zod";
import { validatedAction } from "@/lib/auth/action";
import { formAction } from "@/app/_lib/form-action";
import { verifyTrail, VerifyError } from "@/lib/audit/verify-trail";
import { AppError } from "@/lib/errors/app-error";

/** Verifying reads only; it still goes through the wrapper for authentication and the permission check. */
export const verifyTrailAction = formAction(validatedAction({ name: "verifyTrail", permission: "audit:read", schema: z.object({}) }, async () => {
  try {
    const report = await verifyTrail();
    const message =
      report.status === "intact"
        ? `Intact: ${report.events} events in ${report.chains} chain(s) verified.`
        : `Broken: ${report.break?.kind} at ${report.break?.chain} #${report.break?.seq}. ${report.break?.detail}.`;
    return { message, data: report };
  } catch (error) {
    if (error instanceof VerifyError) throw new AppError("UNAVAILABLE", `Could not verify: ${error.message}`);
    throw error;
  }
}));
