import { openApiDocument } from "../_lib/openapi-document";
import { openApiBodySchema } from "../_lib/responses";

export const dynamic = "force-static";

/** The OpenAPI 3.1 document of /api/v1; public, like any API reference. */
export const GET = Object.assign(
  function GET(): Response {
    return Response.json(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
  },
  { response: openApiBodySchema },
);
