import { apiRoute } from "@/lib/auth/api-route";
import { verifyTrail, VerifyError } from "@/lib/audit/verify-trail";
import { AppError } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

/** Recomputes every hash of the trail: {status: "intact" | "broken", events, heads, break?}. */
export const GET = apiRoute({ permission: "audit:read" }, async (_input, { request }) => {
  const chain = new URL(request.url).searchParams.get("chain") ?? undefined;
  if (chain !== undefined && !/^(global|release:[0-9a-f-]{36})$/.test(chain)) {
    throw new AppError("BAD_REQUEST", "chain must be \"global\" or \"release:<id>\".", { chain: ["Unknown chain."] });
  }
  try {
    return await verifyTrail({ chain });
  } catch (error) {
    if (error instanceof VerifyError) throw new AppError("UNAVAILABLE", `Could not verify: ${error.message}`);
    throw error;
  }
});
