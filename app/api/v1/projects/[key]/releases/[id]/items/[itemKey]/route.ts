import { AppError } from "@/lib/errors/app-error";
import { listReleaseItems } from "@/lib/releases/list-release-items";
import { applyItemChange } from "@/lib/releases/set-item-state";
import { patchItemBodySchema } from "../../../../../../_lib/schemas";
import { releaseItemSchema, updateItemResponseSchema, type ReleaseItemBody, type UpdateItemBody } from "../../../../../../_lib/responses";
import { itemKeyOf, projectKeyOf, releaseIdOf, releaseProject, v1Route } from "../../../../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** One item of the release, in the same shape as the items list. */
export const GET = v1Route({ permission: "release:read", response: releaseItemSchema, projectKey: projectKeyOf }, async (_input, { params, user }): Promise<ReleaseItemBody> => {
  const releaseId = releaseIdOf(params);
  const itemKey = itemKeyOf(params);
  const item = (await listReleaseItems(releaseId, user, {}, { projectKey: projectKeyOf(params) })).find((entry) => entry.key === itemKey);
  if (!item) throw new AppError("NOT_FOUND", `Item ${itemKey} is not part of this release.`, { itemKey: ["This item is not part of the release."] });
  return item;
});

/**
 * Changes one item. With `expectedVersion` the change applies only if nobody
 * changed the item since that version (else 409 with the current state).
 * Without it the change applies on top of the current state, read under the
 * release's lock: last writer wins, for callers (CI) that do not track versions.
 * The release must be of the project the path names (404 otherwise).
 */
export const PATCH = v1Route({ permission: "item:update", schema: patchItemBodySchema, response: updateItemResponseSchema, project: releaseProject, projectKey: projectKeyOf }, async (body, context): Promise<UpdateItemBody> => {
  return applyItemChange(context, { ...body, releaseId: releaseIdOf(context.params), itemKey: itemKeyOf(context.params) });
});
