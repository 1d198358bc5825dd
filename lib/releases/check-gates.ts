import type { Tx } from "../db/client";

/**
 * The environments whose approval of the same version this environment
 * requires and that have not given it yet (empty when the gates are met).
 */
export async function unmetGates(tx: Tx, environmentId: string, version: string): Promise<string[]> {
  const gates = await tx.environmentGate.findMany({ where: { environmentId }, select: { requiresId: true } });
  if (gates.length === 0) return [];
  const required = await tx.environment.findMany({ where: { id: { in: gates.map((gate) => gate.requiresId) } }, select: { id: true, name: true } });
  const approved = await tx.release.findMany({
    where: { version, environmentId: { in: required.map((environment) => environment.id) }, status: { in: ["approved", "deployed"] } },
    select: { environmentId: true },
  });
  const met = new Set(approved.map((release) => release.environmentId));
  return required.filter((environment) => !met.has(environment.id)).map((environment) => environment.name);
}

export function gateMessage(version: string, environment: string, missing: string[]): string {
  return `${environment} ${version} needs ${version} approved in ${missing.join(" and ")} first.`;
}
