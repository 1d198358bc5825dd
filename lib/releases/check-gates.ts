import type { ReleaseStatus, Tx } from "../db/client";
import { hasApproval, STATUS_LABELS } from "./release-status";

/** A gate not met yet: the environment that must approve the version first, and its newest release of that version, if any. */
export type UnmetGate = {
  environment: { key: string; name: string };
  release: { id: string; status: ReleaseStatus; itemsDone: number; itemsTotal: number } | null;
};

/**
 * The environments whose approval of the same version this environment
 * requires and that have not given it yet (empty when the gates are met),
 * each with the release it waits for (the newest of that version there).
 */
export async function unmetGates(tx: Tx, environmentId: string, version: string): Promise<UnmetGate[]> {
  const gates = await tx.environmentGate.findMany({ where: { environmentId }, select: { requiresId: true } });
  if (gates.length === 0) return [];
  const required = await tx.environment.findMany({ where: { id: { in: gates.map((gate) => gate.requiresId) } }, select: { id: true, key: true, name: true } });
  const releases = await tx.release.findMany({
    where: { version, environmentId: { in: required.map((environment) => environment.id) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, environmentId: true, status: true, itemsDone: true, itemsTotal: true },
  });
  const met = new Set(releases.filter((release) => hasApproval(release.status)).map((release) => release.environmentId));
  return required
    .filter((environment) => !met.has(environment.id))
    .map((environment) => {
      const newest = releases.find((release) => release.environmentId === environment.id);
      return {
        environment: { key: environment.key, name: environment.name },
        release: newest ? { id: newest.id, status: newest.status, itemsDone: newest.itemsDone, itemsTotal: newest.itemsTotal } : null,
      };
    });
}

/**
 * "Production 2.4.0 needs 2.4.0 approved in Staging first. Staging 2.4.0: in
 * progress, 40 of 109 items done or N/A." — naming the release it waits for,
 * or saying there is none yet.
 */
export function gateMessage(version: string, environment: string, missing: UnmetGate[]): string {
  const waits = missing.map((gate) =>
    gate.release
      ? ` ${gate.environment.name} ${version}: ${STATUS_LABELS[gate.release.status].toLowerCase()}, ${gate.release.itemsDone} of ${gate.release.itemsTotal} items done or N/A.`
      : ` There is no ${gate.environment.name} ${version} release yet.`,
  );
  return `${environment} ${version} needs ${version} approved in ${missing.map((gate) => gate.environment.name).join(" and ")} first.${waits.join("")}`;
}
