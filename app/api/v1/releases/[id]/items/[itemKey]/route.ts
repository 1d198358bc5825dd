import { fieldErrorsOf } from "@/lib/auth/action";
import { AppError } from "@/lib/errors/app-error";
import { getItemStates } from "@/lib/releases/get-release";
import { listReleaseItems } from "@/lib/releases/list-release-items";
import { setItemStateSchema, type SetItemStateInput } from "@/lib/releases/release.schema";
import { setItemState } from "@/lib/releases/set-item-state";
import { patchItemBodySchema } from "../../../../_lib/schemas";
import { itemKeyOf, releaseIdOf, v1Route } from "../../../../_lib/v1-route";

export const dynamic = "force-dynamic";

/** One item of the release, in the same shape as the items list. */
export const GET = v1Route({ permission: "release:read" }, async (_input, { params }) => {
  const releaseId = releaseIdOf(params);
  const itemKey = itemKeyOf(params);
  const item = (await listReleaseItems(releaseId)).find((entry) => entry.key === itemKey);
  if (!item) throw new AppError("NOT_FOUND", `Item ${itemKey} is not part of this release.`, { itemKey: ["This item is not part of the release."] });
  return item;
});

const MAX_ATTEMPTS = 3;

/**
 * Changes one item. With `expectedVersion` the change applies only if nobody
 * changed the item since that version (else 409 with the current state).
 * Without it the route reads the current version and applies the change on
 * top of it: last writer wins, for callers (CI) that do not track versions.
 */
export const PATCH = v1Route({ permission: "item:update", schema: patchItemBodySchema }, async (body, context) => {
  const releaseId = releaseIdOf(context.params);
  const itemKey = itemKeyOf(context.params);
  const withVersion = (expectedVersion: number): SetItemStateInput => ({ ...body, releaseId, itemKey, expectedVersion });

  // The rules that span fields (a reason for na and blocked), before anything is read.
  const checked = setItemStateSchema.safeParse(withVersion(body.expectedVersion ?? 0));
  if (!checked.success) throw new AppError("BAD_REQUEST", "The request has invalid fields.", fieldErrorsOf(checked.error));

  if (body.expectedVersion !== undefined) return setItemState(context, withVersion(body.expectedVersion));

  // An unknown release or item reads as version 0; setItemState then answers 404.
  let version = (await getItemStates(releaseId, [itemKey]))[0]?.version ?? 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await setItemState(context, withVersion(version));
    } catch (error) {
      const current = error instanceof AppError && error.code === "CONFLICT" ? currentVersionOf(error.details) : undefined;
      if (current === undefined || attempt >= MAX_ATTEMPTS) throw error;
      version = current;
    }
  }
});

/** The item's version from a version-conflict error's details, if that is what it is. */
function currentVersionOf(details: unknown): number | undefined {
  if (!details || typeof details !== "object" || !("current" in details)) return undefined;
  const current = (details as { current?: { version?: unknown } }).current;
  return typeof current?.version === "number" ? current.version : undefined;
}
