import { getRelease } from "@/lib/releases/get-release";
import { releaseSchema, type ReleaseBody } from "../../_lib/responses";
import { releaseIdOf, v1Route } from "../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** One release with its sections, subsections, items and their states. */
export const GET = v1Route({ permission: "release:read", response: releaseSchema }, async (_input, { params, user }): Promise<ReleaseBody> => getRelease(releaseIdOf(params), user));
