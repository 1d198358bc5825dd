import { sqlOf } from "../db/sql";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent, type AuditTx, releaseChain } from "../audit/append-event";

/**
 * Marks stale, at once and in the same transaction as the change, every live
 * signature whose covered items include one of `itemKeys` (all of them when
 * `itemKeys` is null). Returns how many went stale.
 */
export async function markSignoffsStale(
  tx: AuditTx,
  context: AuditContext,
  release: { id: string; label: string },
  itemKeys: string[] | null,
  reason: string,
): Promise<number> {
  // One statement (the common case: nothing to mark), in a Prisma or a plain-SQL transaction alike.
  const active = await sqlOf(tx).query<{ role: string; printedName: string }>(
    `UPDATE signoffs SET status = 'stale', stale_at = now(), stale_reason = $3
     WHERE release_id = $1::uuid AND status = 'active' AND ($2::text[] IS NULL OR covered_items && $2::text[])
     RETURNING role, printed_name AS "printedName"`,
    [release.id, itemKeys, reason],
  );
  if (active.length === 0) return 0;
  for (const entry of active) {
    await appendAuditEvent(tx, context, {
      type: "signoff.stale",
      chain: releaseChain(release.id),
      subject: { kind: "release", id: release.id, label: release.label },
      data: { role: entry.role, printedName: entry.printedName, reason },
    });
  }
  return active.length;
}
