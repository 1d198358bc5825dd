import { openApiDocument } from "../_lib/openapi-document";

export const dynamic = "force-static";

/** The OpenAPI 3.1 document of /api/v1; public, like any API reference. */
export function GET(): Response {
  return Response.json(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
}
