import type { ItemStatus, ReleaseStatus } from "../db/client";

/**
 * The release and item statuses and every rule over them, in one place
 * (docs/decisions/021). Server code, components and SQL (which receives these
 * lists as parameters) all use them; components take the types from here,
 * never from lib/db.
 */
export type { ItemStatus, ReleaseStatus };

/** Every release status, in the order a release goes through them. */
export const RELEASE_STATUSES = ["draft", "in_progress", "awaiting_signoff", "approved", "deployed", "rolled_back", "cancelled"] as const satisfies readonly ReleaseStatus[];

/** Every item status. */
export const ITEM_STATUSES = ["open", "done", "na", "blocked"] as const satisfies readonly ItemStatus[];

// The lists above name every value of the database enums: adding one to prisma/schema.prisma fails the type check here until it is listed.
type Unlisted = Exclude<ReleaseStatus, (typeof RELEASE_STATUSES)[number]> | Exclude<ItemStatus, (typeof ITEM_STATUSES)[number]>;
export const EVERY_STATUS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/** Finished releases: nothing is signed, revoked, reopened or changed any more. */
export const FINISHED_STATUSES = ["deployed", "rolled_back", "cancelled"] as const satisfies readonly ReleaseStatus[];

/** Releases whose checklist is read-only: the finished ones, and approved ones until an admin reopens them. */
export const LOCKED_STATUSES = ["approved", ...FINISHED_STATUSES] as const satisfies readonly ReleaseStatus[];


/** Items that count as settled: done, or not applicable. */
export const SETTLED_ITEM_STATUSES = ["done", "na"] as const satisfies readonly ItemStatus[];

/** Items that need a reason: not applicable (why not) and blocked (by what). */
export const REASON_ITEM_STATUSES = ["na", "blocked"] as const satisfies readonly ItemStatus[];

const among = (list: readonly string[], value: string) => list.includes(value);

export const isFinished = (status: ReleaseStatus): boolean => among(FINISHED_STATUSES, status);

/** Releases not finished yet (approved included): the release list shows them first. */
export const UNFINISHED_STATUSES: readonly ReleaseStatus[] = RELEASE_STATUSES.filter((status) => !isFinished(status));

export const isLocked = (status: ReleaseStatus): boolean => among(LOCKED_STATUSES, status);
export const isSettled = (status: string): boolean => among(SETTLED_ITEM_STATUSES, status);
export const needsReason = (status: string): boolean => among(REASON_ITEM_STATUSES, status);

/** What is still open on a checklist: a required item neither done nor N/A (blocked counts as open). Signing, approval and the deployment gate all ask this. */
export const isOpenRequired = (item: { required: boolean; status: string }): boolean => item.required && !isSettled(item.status);

/** Releases that have given their approval: approved, or approved and then deployed (the environment gates and the deployment gate count both). */
export const APPROVAL_GIVEN_STATUSES = ["approved", "deployed"] as const satisfies readonly ReleaseStatus[];
export const hasApproval = (status: ReleaseStatus): boolean => among(APPROVAL_GIVEN_STATUSES, status);

export const STATUS_LABELS: Record<ReleaseStatus, string> = {
  draft: "Draft",
  in_progress: "In progress",
  awaiting_signoff: "Awaiting sign-off",
  approved: "Approved",
  deployed: "Deployed",
  rolled_back: "Rolled back",
  cancelled: "Cancelled",
};

/** The status the checklist implies, for a release that is still being worked on (not locked). */
export function statusFromProgress(current: ReleaseStatus, counts: { requiredOpen: number; touched: boolean }): ReleaseStatus {
  if (isLocked(current)) return current;
  if (counts.requiredOpen === 0) return "awaiting_signoff";
  return counts.touched || current !== "draft" ? "in_progress" : "draft";
}

/** The release's counters after one item moves from `before` to `after` (tests/support/recount.ts gives the same from scratch). */
export function progressAfter(
  release: { items_done: number; required_open: number; blocked_count: number },
  change: { required: boolean; before: ItemStatus; after: ItemStatus },
): { done: number; requiredOpen: number; blocked: number } {
  const settledDelta = Number(isSettled(change.after)) - Number(isSettled(change.before));
  return {
    done: release.items_done + settledDelta,
    requiredOpen: release.required_open - (change.required ? settledDelta : 0),
    blocked: release.blocked_count + Number(change.after === "blocked") - Number(change.before === "blocked"),
  };
}
