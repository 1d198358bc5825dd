import { listReleaseItems } from "@/lib/releases/list-release-items";
import { itemsQuerySchema } from "../../../../../_lib/schemas";
import { releaseItemListSchema, type ReleaseItemBody } from "../../../../../_lib/responses";
import { parseQuery, projectKeyOf, releaseIdOf, v1Route } from "../../../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** The release's items as a flat list; `?title=` keeps only the item(s) with exactly that title. */
export const GET = v1Route({ permission: "release:read", response: releaseItemListSchema, projectKey: projectKeyOf }, async (_input, { request, params, user }): Promise<{ items: ReleaseItemBody[] }> => {
  const releaseId = releaseIdOf(params);
  const { title } = parseQuery(request, itemsQuerySchema);
  return { items: await listReleaseItems(releaseId, user, { title }, { projectKey: projectKeyOf(params) }) };
});
