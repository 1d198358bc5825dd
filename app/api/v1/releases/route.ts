import { createRelease } from "@/lib/releases/create-release";
import { listReleases, listReleasesSchema } from "@/lib/releases/list-releases";
import { createReleaseSchema } from "@/lib/releases/release.schema";
import { createdReleaseSchema, releaseListSchema, type CreatedReleaseBody, type ReleaseListBody } from "../_lib/responses";
import { parseQuery, v1Route } from "../_lib/v1-route";

export const dynamic = "force-dynamic";

/** Releases, open ones first; filters: environment, status, version (prefix), from, to (UTC dates), page, pageSize. */
export const GET = v1Route({ permission: "release:read", response: releaseListSchema }, async (_input, { request, user }): Promise<ReleaseListBody> => {
  const query = parseQuery(request, listReleasesSchema);
  return listReleases(query, user);
});

/** Creates a release of a template (latest version unless templateVersion) for an environment: 201 with its id. */
export const POST = v1Route({ permission: "release:create", schema: createReleaseSchema, response: createdReleaseSchema, project: (_params, input) => ({ templateId: (input as { templateId: string }).templateId }) }, async (input, context) => {
  const created: CreatedReleaseBody = await createRelease(context, input);
  return Response.json(created, { status: 201, headers: { Location: `/api/v1/releases/${created.id}` } });
});
