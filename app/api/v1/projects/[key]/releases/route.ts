import { AppError } from "@/lib/errors/app-error";
import { createRelease } from "@/lib/releases/create-release";
import { listReleases, listReleasesSchema } from "@/lib/releases/list-releases";
import { createReleaseSchema } from "@/lib/releases/release.schema";
import { createdReleaseSchema, releaseListSchema, type CreatedReleaseBody, type ReleaseListBody } from "../../../_lib/responses";
import { parseQuery, pathProject, projectKeyOf, v1Route } from "../../../_lib/v1-route";

export const dynamic = "force-dynamic";

const releaseListQuerySchema = listReleasesSchema.omit({ project: true });

/**
 * The project's releases, open ones first; filters: environment, status, version (prefix), from, to (UTC dates), page, pageSize.
 * One statement: the project filter, its visibility and whether it exists are in the list's own query.
 */
export const GET = v1Route({ permission: "release:read", response: releaseListSchema, projectKey: projectKeyOf }, async (_input, { request, params, user }): Promise<ReleaseListBody> => {
  const query = parseQuery(request, releaseListQuerySchema);
  const { projectFound, ...page } = await listReleases({ ...query, project: projectKeyOf(params) }, user);
  if (!projectFound) throw new AppError("NOT_FOUND", "Project not found.");
  return page;
});

/** Creates a release of one of the project's templates (latest version unless templateVersion) for one of its environments: 201 with its id. */
export const POST = v1Route({ permission: "release:create", schema: createReleaseSchema, response: createdReleaseSchema, project: pathProject, projectKey: projectKeyOf }, async (input, context) => {
  const project = context.project!;
  const created: CreatedReleaseBody = await createRelease(context, input, project.id);
  return Response.json(created, { status: 201, headers: { Location: `/api/v1/projects/${project.key}/releases/${created.id}` } });
});
