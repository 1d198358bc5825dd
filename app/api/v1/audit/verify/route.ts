import { verifyTrail, VerifyError } from "@/lib/audit/verify-trail";
import { AppError } from "@/lib/errors/app-error";
import { verifyReportSchema, type VerifyReportBody } from "../../_lib/responses";
import { verifyQuerySchema } from "../../_lib/schemas";
import { v1Route } from "../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** Recomputes every hash of the trail: {status: "intact" | "broken", events, heads, break?}. */
export const GET = v1Route({ permission: "audit:read", response: verifyReportSchema }, async (_input, { request }): Promise<VerifyReportBody> => {
  const chain = new URL(request.url).searchParams.get("chain") ?? undefined;
  if (!verifyQuerySchema.safeParse({ chain }).success) {
    throw new AppError("BAD_REQUEST", "chain must be \"global\" or \"release:<id>\".", { chain: ["Unknown chain."] });
  }
  try {
    return await verifyTrail({ chain });
  } catch (error) {
    if (error instanceof VerifyError) throw new AppError("UNAVAILABLE", `Could not verify: ${error.message}`);
    throw error;
  }
});
