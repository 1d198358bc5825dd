import type { Tx } from "../../lib/db/client";
import { SETTLED_ITEM_STATUSES } from "../../lib/releases/release-status";

/**
 * A release's counters recomputed from its items, from scratch: what the
 * counters that item changes move (progressAfter) must always equal. Only
 * tests need it (docs/decisions/021); the settled rule comes from
 * lib/releases/release-status.ts, passed as a parameter.
 */
export async function recountRelease(tx: Tx, releaseId: string) {
  const settled = [...SETTLED_ITEM_STATUSES];
  const [counts] = await tx.$queryRaw<{ done: number; required_open: number; blocked: number; touched: number }[]>`
    SELECT count(*) FILTER (WHERE status::text = ANY(${settled}::text[]))::int AS done,
           count(*) FILTER (WHERE required AND NOT status::text = ANY(${settled}::text[]))::int AS required_open,
           count(*) FILTER (WHERE status = 'blocked')::int AS blocked,
           count(*) FILTER (WHERE version > 0)::int AS touched
    FROM item_states WHERE release_id = ${releaseId}::uuid`;
  return { done: counts?.done ?? 0, requiredOpen: counts?.required_open ?? 0, blocked: counts?.blocked ?? 0, touched: (counts?.touched ?? 0) > 0 };
}
