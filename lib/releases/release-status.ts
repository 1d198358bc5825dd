import type { ReleaseStatus } from "../db/client";

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
