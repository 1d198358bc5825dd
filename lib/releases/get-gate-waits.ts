import "server-only";
import { db } from "../db/client";
import { type UnmetGate, unmetGates } from "./check-gates";
import { isFinished } from "./release-status";

/**
 * The gates a release still waits for (e.g. production on the same version
 * in staging), each naming the release it waits for and its progress, for
 * the release page. None once the release is approved or finished: its
 * signatures already passed the gate. The gated environments are in the
 * release's own project (ADR 022), so the caller, who may read this release,
 * may read those too.
 */
export async function getGateWaits(releaseId: string): Promise<UnmetGate[]> {
  const release = await db.release.findUnique({ where: { id: releaseId }, select: { environmentId: true, version: true, status: true } });
  if (!release || release.status === "approved" || isFinished(release.status)) return [];
  return unmetGates(db, release.environmentId, release.version);
}
