import type { Tx } from "../db/client";
import type { AuditContext } from "../audit/actor";
import { appendAuditEvent, releaseChain } from "../audit/append-event";

/**
 * Marks stale, at once and in the same transaction as the change, every live
 * signature whose covered items include one of `itemKeys` (all of them when
 * `itemKeys` is null). Returns how many went stale.
 */
export async function markSignoffsStale(
  tx: Tx,
  context: AuditContext,
  release: { id: string; label: string },
  itemKeys: string[] | null,
  reason: string,
): Promise<number> {
  const active = await tx.signoff.findMany({
    where: { releaseId: release.id, status: "active", ...(itemKeys ? { coveredItems: { hasSome: itemKeys } } : {}) },
    select: { id: true, role: true, printedName: true },
  });
  if (active.length === 0) return 0;
  const now = new Date();
  await tx.signoff.updateMany({ where: { id: { in: active.map((entry) => entry.id) } }, data: { status: "stale", staleAt: now, staleReason: reason } });
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
