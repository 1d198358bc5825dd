import type { Tx } from "../db/client";
import { signoffRoleNames, templateDocumentSchema } from "../templates/document";
import { quorumOf } from "../signoffs/quorum";
import { hasApproval } from "./release-status";
import type { UnmetGate } from "./gate-words";

export { gateMessage, gateWaitLabel, type UnmetGate } from "./gate-words";

/**
 * The environments whose approval of the same version this environment
 * requires and that have not given it yet (empty when the gates are met),
 * each with its project (a gate never leaves its project, ADR 022, so
 * whoever reads the gated release may read this one) and the release it
 * waits for (the newest of that version there) with its progress: items done
 * or N/A, and signatures that count towards approval out of those it needs
 * (each role's quorum).
 */
export async function unmetGates(tx: Tx, environmentId: string, version: string): Promise<UnmetGate[]> {
  const gates = await tx.environmentGate.findMany({ where: { environmentId }, select: { requiresId: true } });
  if (gates.length === 0) return [];
  const required = await tx.environment.findMany({
    where: { id: { in: gates.map((gate) => gate.requiresId) } },
    select: { id: true, key: true, name: true, project: { select: { key: true, name: true } } },
  });
  const releases = await tx.release.findMany({
    where: { version, environmentId: { in: required.map((environment) => environment.id) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, environmentId: true, status: true, itemsDone: true, itemsTotal: true, templateVersionId: true },
  });
  const met = new Set(releases.filter((release) => hasApproval(release.status)).map((release) => release.environmentId));
  const unmet: UnmetGate[] = [];
  // One after another: inside a transaction the queries share one connection.
  for (const environment of required.filter((entry) => !met.has(entry.id))) {
    const newest = releases.find((release) => release.environmentId === environment.id);
    unmet.push({
      environment: { key: environment.key, name: environment.name },
      project: environment.project,
      release: newest
        ? { id: newest.id, status: newest.status, itemsDone: newest.itemsDone, itemsTotal: newest.itemsTotal, ...(await signatureProgress(tx, newest)) }
        : null,
    });
  }
  return unmet;
}

/** Live signatures that count towards approval (at most each role's quorum) and how many approval needs, as settleApproval counts them. */
async function signatureProgress(tx: Tx, release: { id: string; environmentId: string; templateVersionId: string }): Promise<{ signaturesDone: number; signaturesNeeded: number }> {
  const version = await tx.templateVersion.findUniqueOrThrow({ where: { id: release.templateVersionId }, select: { document: true } });
  const quorumRows = await tx.environmentRoleQuorum.findMany({ where: { environmentId: release.environmentId }, select: { quorum: true, role: { select: { name: true } } } });
  const live = await tx.signoff.groupBy({ by: ["role"], where: { releaseId: release.id, status: "active" }, _count: { _all: true } });
  const quorums = Object.fromEntries(quorumRows.map((row) => [row.role.name, row.quorum]));
  const signed = new Map(live.map((row) => [row.role, row._count._all]));
  const roles = [...new Set(signoffRoleNames(templateDocumentSchema.parse(version.document)))];
  return {
    signaturesDone: roles.reduce((sum, role) => sum + Math.min(signed.get(role) ?? 0, quorumOf(quorums, role)), 0),
    signaturesNeeded: roles.reduce((sum, role) => sum + quorumOf(quorums, role), 0),
  };
}
