import { getPublicKey } from "@/lib/audit/get-public-key";
import { jsonError } from "@/lib/auth/api-route";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/observability/logger";
import { observed, withRequestIdHeader } from "@/lib/observability/observe-request";
import { publicKeySchema, type PublicKeyBody } from "../../_lib/responses";

export const dynamic = "force-dynamic";

/**
 * The checkpoint public key, its SHA-256 fingerprint and its rotations.
 * Public, without sign-in: a public key is public, and an auditor outside
 * the organisation must be able to read it. It is not the trust anchor:
 * whoever controls this server controls this answer, which is why the
 * fingerprint is also published out of band (docs/decisions/015).
 */
export const GET = Object.assign(getPublicKeyRoute, { response: publicKeySchema });

async function getPublicKeyRoute(request: Request): Promise<Response> {
  return observed(
    { route: "/api/v1/audit/public-key", method: "GET", headers: request.headers },
    async (context) => {
      let response: Response;
      try {
        const key: PublicKeyBody = await getPublicKey();
        response = Response.json(key, { headers: { "Cache-Control": "no-cache" } });
      } catch (error) {
        logger.error({ error: error instanceof Error ? error.message : String(error) }, "cannot read the checkpoint key");
        response = jsonError(new AppError("UNAVAILABLE", "The checkpoint key cannot be read right now; try again."));
      }
      return withRequestIdHeader(response, context);
    },
    (response) => response.status,
  );
}
