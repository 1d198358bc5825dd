import type { Tx } from "../db/client";
import { isSql } from "../db/sql";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent, type AuditTx, releaseChain } from "../audit/append-event";

async function markWithPrisma(tx: Tx, releaseId: string, itemKeys: string[] | null, reason: string): Promise<{ role: string; printedName: string }[]> {
  const active = await tx.signoff.findMany({
    where: { releaseId, status: "active", ...(itemKeys ? { coveredItems: { hasSome: itemKeys } } : {}) },
    select: { id: true, role: true, printedName: true },
  });
  if (active.length === 0) return [];
  await tx.signoff.updateMany({ where: { id: { in: active.map((entry) => entry.id) } }, data: { status: "stale", staleAt: new Date(), staleReason: reason } });
  return active;
}

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
  const active = isSql(tx)
    ? // One statement (the common case: nothing to mark).
      await tx.query<{ role: string; printedName: string }>(
        `UPDATE signoffs SET status = 'stale', stale_at = now(), stale_reason = $3
         WHERE release_id = $1::uuid AND status = 'active' AND ($2::text[] IS NULL OR covered_items && $2::text[])
         RETURNING role, printed_name AS "printedName"`,
        [release.id, itemKeys, reason],
      )
    : await markWithPrisma(tx, release.id, itemKeys, reason);
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
