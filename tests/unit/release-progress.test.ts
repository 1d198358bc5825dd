import { describe, expect, it } from "vitest";
import type { ItemStatus } from "../../lib/db/client";
import { progressAfter } from "../../lib/releases/release-status";

const STATUSES: ItemStatus[] = ["open", "done", "na", "blocked"];

/** The counters recomputed from scratch, as recountRelease (tests/support/recount.ts) does in SQL. */
function recount(items: { required: boolean; status: ItemStatus }[]) {
  const settled = (status: ItemStatus) => status === "done" || status === "na";
  return {
    done: items.filter((item) => settled(item.status)).length,
    requiredOpen: items.filter((item) => item.required && !settled(item.status)).length,
    blocked: items.filter((item) => item.status === "blocked").length,
  };
}

describe("progressAfter (the release counters after one item changes)", () => {
  it("agrees with a full recount for every status change of a required and an optional item", () => {
    for (const required of [true, false]) {
      for (const before of STATUSES) {
        for (const after of STATUSES) {
          const others = [
            { required: true, status: "done" as ItemStatus },
            { required: true, status: "blocked" as ItemStatus },
            { required: false, status: "open" as ItemStatus },
          ];
          const start = recount([...others, { required, status: before }]);
          const expected = recount([...others, { required, status: after }]);
          const moved = progressAfter({ items_done: start.done, required_open: start.requiredOpen, blocked_count: start.blocked }, { required, before, after });
          expect(moved, `${required ? "required" : "optional"} ${before} → ${after}`).toEqual(expected);
        }
      }
    }
  });
});
