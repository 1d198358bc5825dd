import { getRelease } from "@/lib/releases/get-release";
import { releaseSchema, type ReleaseBody } from "../../../../_lib/responses";
import { projectKeyOf, releaseIdOf, v1Route } from "../../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** One release of the project with its items; one statement (its visibility and its project are in the query). */
export const GET = v1Route({ permission: "release:read", response: releaseSchema, projectKey: projectKeyOf }, async (_input, { params, user }): Promise<ReleaseBody> =>
  getRelease(releaseIdOf(params), user, { projectKey: projectKeyOf(params) }),
);
