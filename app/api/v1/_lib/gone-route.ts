import "server-only";
import { jsonError } from "@/lib/auth/api-route";
import { AppError } from "@/lib/errors/app-error";
import { observed, withRequestIdHeader } from "@/lib/observability/observe-request";
import { PRIVATE_CACHE_CONTROL } from "@/lib/security/response-headers";
import { errorSchema } from "./responses";

/**
 * A path of /api/v1 from before projects (issue 11): it answers 410 Gone, to
 * anyone (it reveals nothing), with a JSON error naming where it moved, e.g.
 * "Moved to /api/v1/projects/{key}/releases". Documented as deprecated
 * (operations.ts, MOVED_PATHS).
 */
export function goneRoute(route: string, movedTo: string) {
  const handler = async (request: Request): Promise<Response> =>
    observed(
      { route, method: request.method, headers: request.headers },
      async (requestContext) => {
        const response = jsonError(
          new AppError("GONE", `Moved to /api/v1${movedTo}: every release and template now belongs to a project (its key is in GET /api/v1/projects).`, undefined, { movedTo: `/api/v1${movedTo}` }),
        );
        response.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
        return withRequestIdHeader(response, requestContext);
      },
      (response) => response.status,
    );
  return Object.assign(handler, { schema: undefined, response: errorSchema });
}
