import type { ItemStatus, ReleaseStatus } from "../db/client";

/** Releases whose items can no longer change. */
export const READ_ONLY_STATUSES: readonly ReleaseStatus[] = ["deployed", "rolled_back", "cancelled"];

export const STATUS_LABELS: Record<ReleaseStatus, string> = {
  draft: "Draft",
  in_progress: "In progress",
  awaiting_signoff: "Awaiting sign-off",
  approved: "Approved",
  deployed: "Deployed",
  rolled_back: "Rolled back",
  cancelled: "Cancelled",
};

/** The status the checklist implies, for a release that is still being worked on. */
export function statusFromProgress(current: ReleaseStatus, counts: { requiredOpen: number; touched: boolean }): ReleaseStatus {
  if (current !== "draft" && current !== "in_progress" && current !== "awaiting_signoff") return current;
  if (counts.requiredOpen === 0) return "awaiting_signoff";
  return counts.touched || current !== "draft" ? "in_progress" : "draft";
}

const settled = (status: ItemStatus) => status === "done" || status === "na";

/** The release's counters after one item moves from `before` to `after`. recountRelease gives the same from scratch. */
export function progressAfter(
  release: { items_done: number; required_open: number; blocked_count: number },
  change: { required: boolean; before: ItemStatus; after: ItemStatus },
): { done: number; requiredOpen: number; blocked: number } {
  const settledDelta = Number(settled(change.after)) - Number(settled(change.before));
  return {
    done: release.items_done + settledDelta,
    requiredOpen: release.required_open - (change.required ? settledDelta : 0),
    blocked: release.blocked_count + Number(change.after === "blocked") - Number(change.before === "blocked"),
  };
}
